using System.Security.Cryptography.X509Certificates;
using Lamba.AspNetCore.SharedState;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LambaPages.Hosting;

/// <summary>
/// Where the state that several portal instances must share lives. One setting decides:
/// <c>ConnectionStrings:Redis</c> (env <c>ConnectionStrings__Redis</c>). Set, the Data Protection key ring, the
/// distributed cache (pending sign-in steps, the permission cache's L2), the refresh single flight and the sign-in
/// rate limits all live in Redis, so N instances behind a load balancer behave as one. Unset, everything stays in
/// this process (and the key ring in LAMBA_DATA_DIR): right for one instance, wrong for two.
/// </summary>
public static class SharedState
{
    public const string RedisConnectionStringName = "Redis";
    public const string KeyRingCertificatePathKey = "LAMBA_KEYRING_CERT_PATH";
    public const string KeyRingCertificatePasswordKey = "LAMBA_KEYRING_CERT_PASSWORD";
    public const string DataDirectoryKey = "LAMBA_DATA_DIR";

    /// <summary>Every Redis key the portal writes starts with this, so the portal can share a Redis with others.</summary>
    public const string KeyPrefix = "lambapages:";

    public static string? RedisConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(RedisConnectionStringName) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Registers the key ring's home and protection, the distributed cache, the shared single flight and (with Redis) the
    /// one connection every Redis user of the portal shares. Call after AddLamba: what is set here replaces its defaults.
    /// </summary>
    public static void AddSharedState(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        // The application name and, on one instance, the key folder are set through AddLamba (LambaPagesApplication).
        var dataProtection = services.AddDataProtection();
        if (KeyRingCertificate(configuration) is { } certificate)
        {
            // At rest, every key of the ring is encrypted to this certificate (Redis or disk sees only ciphertext).
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        services.AddDistributedMemoryCache();
        services.AddHostedService<KeyRingPlacementWarning>();
        services.AddHostedService<KeyRingLocationNotice>();
        // Its "No XML encryptor configured" warning names a key id and no remedy; KeyRingLocationNotice says it in one line.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        if (RedisConnectionString(configuration) is not { } connectionString)
        {
            return;
        }

        var redis = RedisConnection.Create(connectionString);
        services.AddSingleton(redis);
        services.AddSingleton<IConnectionMultiplexer>(_ => redis.Multiplexer);
        dataProtection.PersistKeysToStackExchangeRedis(() => redis.Multiplexer.GetDatabase(), KeyPrefix + "data-protection-keys");

        services.Replace(ServiceDescriptor.Singleton<ISharedSingleFlight, RedisSingleFlight>());

        // Replaces the in-memory cache registered above (and any TryAdd elsewhere): one IDistributedCache, in Redis.
        services.RemoveAll<IDistributedCache>();
        services.AddStackExchangeRedisCache(options =>
        {
            options.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis.Multiplexer);
            options.InstanceName = KeyPrefix + "cache:";
        });
    }

    /// <summary>LAMBA_KEYRING_CERT_PATH (a PKCS#12 file) and LAMBA_KEYRING_CERT_PASSWORD, or null when no path is set.</summary>
    internal static X509Certificate2? KeyRingCertificate(IConfiguration configuration)
    {
        var path = configuration[KeyRingCertificatePathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{KeyRingCertificatePathKey} names a file that does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[KeyRingCertificatePasswordKey]);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{KeyRingCertificatePathKey} must hold a private key: it decrypts the key ring too.");
    }
}

/// <summary>
/// The portal's one Redis connection. It never blocks startup and never waits long: a Redis outage must cost a request
/// a second, not thirty, so every caller can fall back (or fail with "try again") quickly.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> multiplexer;

    private RedisConnection(ConfigurationOptions options) =>
        multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));

    public IConnectionMultiplexer Multiplexer => multiplexer.Value;

    public static RedisConnection Create(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.ClientName ??= "LambaPages";
        return new RedisConnection(options);
    }

    public void Dispose()
    {
        if (multiplexer.IsValueCreated)
        {
            multiplexer.Value.Dispose();
        }
    }
}

/// <summary>
/// Outside Development, a key ring in the app's own folder is lost on every redeploy of a container, which signs
/// every user out; several instances with separate rings reject each other's cookies and forms. Say so loudly.
/// </summary>
internal sealed class KeyRingPlacementWarning(IHostEnvironment environment, IConfiguration configuration, ILogger<KeyRingPlacementWarning> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && SharedState.RedisConnectionString(configuration) is null
            && string.IsNullOrWhiteSpace(configuration[SharedState.DataDirectoryKey]))
        {
            logger.LogWarning(
                """
                ================================================================================
                THE DATA PROTECTION KEY RING IS NOT PERSISTED FOR PRODUCTION.
                Neither ConnectionStrings__Redis nor LAMBA_DATA_DIR is set, so the keys that
                encrypt session cookies live in the app's own folder: a redeploy signs every
                user out, and a second instance cannot read the first one's cookies or forms.
                Set ConnectionStrings__Redis (required for more than one instance), or
                LAMBA_DATA_DIR to a persistent volume for a single instance.
                ================================================================================
                """);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// One line at startup, in place of Data Protection's own "No XML encryptor configured": where the key ring is, and what
/// production needs (a certificate that encrypts the keys at rest, and a place that outlives the app's folder).
/// </summary>
internal sealed class KeyRingLocationNotice(IConfiguration configuration, IOptions<Lamba.AspNetCore.Session.LambaHostingOptions> hosting, ILogger<KeyRingLocationNotice> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration[SharedState.KeyRingCertificatePathKey]))
        {
            var location = SharedState.RedisConnectionString(configuration) is null ? hosting.Value.KeysDirectory ?? "the default folder" : "Redis";
            logger.LogWarning(
                "Data Protection keys: {KeyRingLocation}, not encrypted at rest. In production set {CertificateSetting} (and {DataDirectorySetting} or ConnectionStrings__Redis so they persist).",
                location, SharedState.KeyRingCertificatePathKey, SharedState.DataDirectoryKey);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
