using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Tokens;

/// <summary>
/// The ES256 key that signs access tokens, made fresh per process (tokens do not survive a restart; refresh
/// tokens, which live in the database, do) and published as a JWKS.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SigningKeys()
    {
        KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        SecurityKey = new ECDsaSecurityKey(key) { KeyId = KeyId };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.EcdsaSha256);
    }

    public string KeyId { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>The public half, as served at <c>/.well-known/jwks.json</c>.</summary>
    public object Jwks()
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new
                {
                    kty = "EC",
                    use = "sig",
                    alg = "ES256",
                    crv = "P-256",
                    kid = KeyId,
                    x = Base64UrlEncoder.Encode(parameters.Q.X),
                    y = Base64UrlEncoder.Encode(parameters.Q.Y),
                },
            },
        };
    }

    public void Dispose() => key.Dispose();
}

/// <summary>The token issuer: the configured one, else the emulator's own bound origin (known once the server listens).</summary>
public sealed class TokenIssuer(EmulatorOptions options, IServer server)
{
    private string? resolved = options.Issuer;

    public string Issuer => resolved ??= server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
        ?? throw new InvalidOperationException("The emulator has no bound address yet.");
}
