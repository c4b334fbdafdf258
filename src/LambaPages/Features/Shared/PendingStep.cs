using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Distributed;

namespace LambaPages.Features.Shared;

/// <summary>
/// One unfinished step (of a sign-in, or of an MFA enrolment) kept server-side, in <see cref="IDistributedCache"/>
/// (memory by default; Redis when the portal runs as a cluster). The browser holds only a random id in an HttpOnly,
/// Secure, SameSite=Strict cookie, so the secrets of the first step (a password, a link's token, a phone code, a TOTP
/// secret) never reach the browser, not even encrypted, and never the HTML or the URL. The cached value is still
/// encrypted and time-limited with Data Protection, bound to its id: whoever reads the cache reads no secret, and a
/// value cannot be moved under another id. Each slice derives one with its own cookie and purpose.
/// </summary>
public abstract class PendingStep<T>(IDataProtectionProvider dataProtection, IDistributedCache cache, string cookieName, string purpose, TimeSpan lifetime)
    where T : class
{
    private readonly IDataProtector protector = dataProtection.CreateProtector(purpose);

    /// <summary>Stores <paramref name="value"/> for <paramref name="within"/> when given and shorter, else for the step's lifetime.</summary>
    /// <remarks>Synchronous, like the rate limiter that also reads it; the default cache is in memory.</remarks>
    public void Remember(HttpResponse response, T value, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var keep = within is { } limit && limit < lifetime ? (limit > TimeSpan.Zero ? limit : TimeSpan.FromSeconds(1)) : lifetime;

        // A new id each time: a step that moves on (code sent again, MFA asked) never reuses an id the browser had.
        RemoveCached(response.HttpContext.Request);
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var payload = ProtectorFor(id).ToTimeLimitedDataProtector().Protect(JsonSerializer.Serialize(value), keep);
        cache.SetString(CacheKey(id), payload, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep });
        response.Cookies.Append(cookieName, id, Options(keep));
    }

    public T? Recall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Cookies[cookieName];
        if (string.IsNullOrEmpty(id) || cache.GetString(CacheKey(id)) is not { } payload)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(ProtectorFor(id).ToTimeLimitedDataProtector().Unprotect(payload, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Ends the step: the cached value goes at once (not at its expiry), and the cookie with it.</summary>
    public void Forget(HttpRequest request, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (request.Cookies.ContainsKey(cookieName))
        {
            RemoveCached(request);
            response.Cookies.Delete(cookieName, Options(maxAge: null));
        }
    }

    private void RemoveCached(HttpRequest request)
    {
        if (request.Cookies[cookieName] is { Length: > 0 } id)
        {
            cache.Remove(CacheKey(id));
        }
    }

    /// <summary>
    /// Bound to the id through its hash, never the id itself: Data Protection traces its purposes, and the id is the
    /// browser's key to the step (a cookie value must never reach a log).
    /// </summary>
    private IDataProtector ProtectorFor(string id) => protector.CreateProtector(IdHash(id));

    /// <summary>The cache key is a hash of the id: a key listed from the cache does not open anyone's step.</summary>
    private string CacheKey(string id) => $"LambaPages.Pending:{purpose}:{IdHash(id)}";

    private static string IdHash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static CookieOptions Options(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };
}
