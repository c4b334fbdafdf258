using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// Remembers what antiforgery's tokens decrypt to, per exact encrypted value, as the session cookies are (SessionCookies).
/// A page with a form (a signed-in layout has two: sign-out and language) decrypts the browser's antiforgery cookie on
/// every view: one key derivation, AES and HMAC each time, about a tenth of a page view's CPU (bench B1). The same bytes
/// always decrypt to the same token, so a hit changes nothing a caller can see; only a key revoked in the last five
/// minutes is still honoured for tokens already seen. Encrypting stays as it is: every response gets a freshly
/// encrypted request token.
/// </summary>
public sealed class AntiforgeryTokenDecryptions(IDataProtectionProvider inner) : IDataProtectionProvider, IDisposable
{
    /// <summary>The purpose ASP.NET Core's antiforgery token serializer asks its protector for.</summary>
    public const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache decrypted = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public IDataProtector CreateProtector(string purpose)
    {
        var protector = inner.CreateProtector(purpose);
        return purpose == AntiforgeryPurpose ? new Remembering(protector, decrypted) : protector;
    }

    public void Dispose() => decrypted.Dispose();

    /// <summary>Puts this in front of the registered Data Protection provider (after AddDataProtection).</summary>
    internal static void Register(IServiceCollection services)
    {
        var registered = services.Last(service => service.ServiceType == typeof(IDataProtectionProvider));
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(provider => new AntiforgeryTokenDecryptions(
            registered.ImplementationInstance as IDataProtectionProvider
                ?? registered.ImplementationFactory?.Invoke(provider) as IDataProtectionProvider
                ?? (IDataProtectionProvider)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }

    private sealed class Remembering(IDataProtector inner, MemoryCache decrypted) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            var key = Convert.ToBase64String(protectedData);
            if (!decrypted.TryGetValue(key, out byte[]? plaintext) || plaintext is null)
            {
                // Throws for a tampered or foreign token, which is then not remembered.
                plaintext = inner.Unprotect(protectedData);
                decrypted.Set(key, plaintext, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
            }

            // A copy: the caller owns the array it is given.
            return (byte[])plaintext.Clone();
        }
    }
}
