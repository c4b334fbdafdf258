using System.Security.Cryptography;
using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Tokens;

/// <summary>
/// The ES256 keys that sign access tokens, published as a JWKS. With a data folder they are kept in
/// <c>signing-keys.json</c> there, so access tokens survive a restart. Rotation (<c>POST /_emulator/keys/rotate</c>, or
/// on its own once the current key is older than <see cref="EmulatorOptions.SigningKeyLifetime"/>) signs with a new
/// key while the JWKS keeps the previous one for one access-token lifetime, so tokens already out stay verifiable.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    public const string FileName = "signing-keys.json";

    private readonly Lock gate = new();
    private readonly EmulatorOptions options;
    private readonly EmulatorClock clock;
    private readonly string? filePath;
    // Newest first; replaced whole (never changed in place), so readers need no lock.
    private volatile SigningKey[] keys;

    public SigningKeys(EmulatorOptions options, EmulatorClock clock)
    {
        this.options = options;
        this.clock = clock;
        filePath = options.KeyFolder is { } folder ? Path.Combine(folder, FileName) : null;
        keys = Load(filePath);
        if (keys.Length == 0)
        {
            keys = [SigningKey.Create(clock.GetUtcNow())];
            Save();
        }
    }

    /// <summary>The current key.</summary>
    public ECDsaSecurityKey SecurityKey => Current().SecurityKey;

    public string KeyId => Current().Id;

    /// <summary>Signs with the current key, rotating first when it has grown too old.</summary>
    public SigningCredentials Credentials => new(Current(rotateWhenOld: true).SecurityKey, SecurityAlgorithms.EcdsaSha256);

    /// <summary>The current key and any previous key still within its access-token lifetime.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys => [.. Published().Select(k => k.SecurityKey)];

    /// <summary>Signs from now on with a new key; the previous one stays published for one access-token lifetime.</summary>
    public string Rotate() => RotateIf(_ => true);

    /// <summary>The public halves, as served at <c>/.well-known/jwks.json</c>.</summary>
    public object Jwks() => new
    {
        keys = Published().Select(k =>
        {
            var parameters = k.Key.ExportParameters(includePrivateParameters: false);
            return new
            {
                kty = "EC",
                use = "sig",
                alg = "ES256",
                crv = "P-256",
                kid = k.Id,
                x = Base64UrlEncoder.Encode(parameters.Q.X),
                y = Base64UrlEncoder.Encode(parameters.Q.Y),
            };
        }).ToArray(),
    };

    public void Dispose()
    {
        foreach (var key in keys)
        {
            key.Key.Dispose();
        }
    }

    private SigningKey Current(bool rotateWhenOld = false)
    {
        if (rotateWhenOld && IsOld(keys[0]))
        {
            RotateIf(IsOld);
        }

        return keys[0];
    }

    private bool IsOld(SigningKey key) => clock.GetUtcNow() - key.CreatedAt >= options.SigningKeyLifetime;

    /// <summary>Rotates when the current key still meets the condition once the lock is held (one rotation per need).</summary>
    private string RotateIf(Func<SigningKey, bool> condition)
    {
        lock (gate)
        {
            if (condition(keys[0]))
            {
                var now = clock.GetUtcNow();
                SigningKey[] rotated = [SigningKey.Create(now), keys[0] with { RetiredAt = now }, .. keys.Skip(1)];
                keys = [.. rotated.Where(k => k.RetiredAt is not { } retired || retired + options.AccessTokenLifetime > now)];
                Save();
            }

            return keys[0].Id;
        }
    }

    private SigningKey[] Published()
    {
        var now = clock.GetUtcNow();
        return [.. keys.Where(k => k.RetiredAt is not { } retired || retired + options.AccessTokenLifetime > now)];
    }

    private void Save()
    {
        if (filePath is null)
        {
            return;
        }

        var stored = keys.Select(k =>
        {
            var parameters = k.Key.ExportParameters(includePrivateParameters: true);
            return new StoredKey(k.Id, Base64UrlEncoder.Encode(parameters.D), Base64UrlEncoder.Encode(parameters.Q.X), Base64UrlEncoder.Encode(parameters.Q.Y), k.CreatedAt, k.RetiredAt);
        }).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        var temporary = filePath + ".tmp";
        // Private keys: readable by this user only, written whole then moved into place.
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        {
            JsonSerializer.Serialize(stream, stored);
        }

        File.Move(temporary, filePath, overwrite: true);
    }

    private static SigningKey[] Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize<List<StoredKey>>(File.ReadAllText(path)) ?? [];
            return [.. stored.OrderByDescending(k => k.CreatedAt).Select(SigningKey.From)];
        }
        catch (Exception exception) when (exception is JsonException or CryptographicException or FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"The signing keys in {path} cannot be read ({exception.Message}). Delete the file to start with a new key (tokens already issued stop working).", exception);
        }
    }

    private sealed record StoredKey(string Id, string D, string X, string Y, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

    private sealed record SigningKey(string Id, ECDsa Key, ECDsaSecurityKey SecurityKey, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
    {
        public static SigningKey Create(DateTimeOffset now) => Of(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)), ECDsa.Create(ECCurve.NamedCurves.nistP256), now, null);

        public static SigningKey From(StoredKey stored) => Of(
            stored.Id,
            ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = Base64UrlEncoder.DecodeBytes(stored.D),
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(stored.X), Y = Base64UrlEncoder.DecodeBytes(stored.Y) },
            }),
            stored.CreatedAt,
            stored.RetiredAt);

        // Each key gets its own provider factory: the shared default caches signature providers by key id, and a
        // second emulator in this process loading the same kept key would otherwise sign with the first one's
        // (disposed) key object.
        private static SigningKey Of(string id, ECDsa key, DateTimeOffset createdAt, DateTimeOffset? retiredAt) =>
            new(id, key, new ECDsaSecurityKey(key) { KeyId = id, CryptoProviderFactory = new CryptoProviderFactory() }, createdAt, retiredAt);
    }
}

/// <summary>The token issuer: the configured one, else the emulator's own bound origin (known once the server listens).</summary>
public sealed class TokenIssuer(EmulatorOptions options, IServer server)
{
    private string? resolved = options.Issuer;

    public string Issuer => resolved ??= server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
        ?? throw new InvalidOperationException("The emulator has no bound address yet.");
}
