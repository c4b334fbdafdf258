using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// Remembers what antiforgery's tokens decrypt to (<see cref="DecryptedValues{T}"/>, as for the session cookies). A page
/// with a form (a signed-in layout has two: sign-out and language) decrypts the browser's antiforgery cookie on every
/// view: one key derivation, AES and HMAC each time, about a tenth of a page view's CPU (bench B1). Encrypting stays as
/// it is: every response gets a freshly encrypted request token.
/// </summary>
public sealed class AntiforgeryTokenDecryptions(IDataProtectionProvider inner) : IDataProtectionProvider, IDisposable
{
    /// <summary>The purpose ASP.NET Core's antiforgery token serializer asks its protector for.</summary>
    public const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    private readonly DecryptedValues<byte[]> decrypted = new();

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

    private sealed class Remembering(IDataProtector inner, DecryptedValues<byte[]> decrypted) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            // A tampered or foreign token throws, and is not remembered.
            var plaintext = decrypted.GetOrDecrypt(
                Convert.ToBase64String(protectedData), (inner, protectedData), static (state, _) => state.inner.Unprotect(state.protectedData))!;

            // A copy: the caller owns the array it is given.
            return (byte[])plaintext.Clone();
        }
    }
}
