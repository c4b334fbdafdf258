using Microsoft.Extensions.Caching.Memory;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// What one Data Protection purpose decrypted, remembered for a few minutes per exact encrypted value. A browser sends
/// the same session and antiforgery cookies with every view, and each decryption (a key derivation plus an AES and an
/// HMAC instance per call) was among the largest per-request costs of a signed-in page. A ciphertext always decrypts to
/// the same value, so a remembered answer is never stale; only a key revoked in the last few minutes is still honoured
/// for values already seen. What fails to decrypt is not remembered, and the size is capped: a flood of new values only
/// costs decryptions, as before. Used by <see cref="SessionCookies"/> and <see cref="AntiforgeryTokenDecryptions"/>.
/// </summary>
internal sealed class DecryptedValues<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 4096 });

    /// <summary>What <paramref name="encrypted"/> decrypts to: remembered, else from <paramref name="decrypt"/> (a null or a throw is not remembered).</summary>
    public T? GetOrDecrypt<TState>(string encrypted, TState state, Func<TState, string, T?> decrypt)
    {
        if (cache.TryGetValue(encrypted, out T? known) && known is not null)
        {
            return known;
        }

        var value = decrypt(state, encrypted);
        if (value is not null)
        {
            cache.Set(encrypted, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }

        return value;
    }

    public void Dispose() => cache.Dispose();
}
