using Lamba.Emulator;

namespace LambaPages.Lamba;

/// <summary>
/// The embedded default upstream: in Development, with neither Lamba URL configured, the portal starts the
/// local emulator on a free loopback port before the host is built (options binding must already see its
/// address) and talks to it over real HTTP, exactly as it would to Lamba. It stops with the host.
/// </summary>
public static class EmbeddedEmulator
{
    public const string DemoPassword = "Passw0rd!Passw0rd";
    public const string DemoMfaSecret = "JBSWY3DPEHPK3PXP";

    private static readonly Dictionary<string, string> DefaultContext = new()
    {
        ["LAMBA_CUSTOMER_WORKSPACE_ID"] = "wrk_acme",
        ["LAMBA_CUSTOMER_PROJECT_ID"] = "prj_storefront",
        ["LAMBA_CUSTOMER_ENV"] = "test",
    };

    /// <summary>
    /// Starts the emulator when the portal has no Lamba to talk to and may use a local one. Outside Development
    /// nothing starts, and options validation stops the portal with a message naming the settings to set.
    /// </summary>
    public static void StartIfUnconfigured(WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration["LAMBA_CUSTOMER_AUTH_BASE_URL"])
            || !string.IsNullOrWhiteSpace(configuration["LAMBA_CUSTOMER_API_BASE_URL"])
            || !builder.Environment.IsDevelopment())
        {
            return;
        }

        var databasePath = Path.Combine(dataDirectory, "emulator.db");
        var emulator = EmulatorApp.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", DatabasePath = databasePath })
            .GetAwaiter().GetResult();

        var baseAddress = emulator.BaseAddress.ToString();
        var settings = new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = baseAddress,
            ["LAMBA_CUSTOMER_API_BASE_URL"] = baseAddress,
        };
        foreach (var (key, value) in DefaultContext.Where(d => string.IsNullOrWhiteSpace(configuration[d.Key])))
        {
            settings[key] = value;
        }

        configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(new EmbeddedEmulatorInstance(emulator, databasePath));
        builder.Services.AddHostedService<EmbeddedEmulatorLifetime>();
    }
}

/// <summary>The running embedded emulator (registered only when one was started).</summary>
public sealed record EmbeddedEmulatorInstance(RunningEmulator Emulator, string DatabasePath);

/// <summary>Says loudly what runs, and stops the emulator with the host.</summary>
internal sealed class EmbeddedEmulatorLifetime(EmbeddedEmulatorInstance instance, ILogger<EmbeddedEmulatorLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            """
            ================================================================================
            THIS IS A LOCAL EMULATOR, NOT LAMBA. No Lamba URL is configured, so the portal
            signs people in against an in-process stand-in. Never use this for real users.
              Emulator:  {EmulatorUrl}
              Database:  {DatabasePath}
              Demo logins (password {DemoPassword}):
                owner@acme.test, admin@acme.test, support@acme.test, viewer@acme.test,
                mfa@acme.test (authenticator secret {MfaSecret})
            ================================================================================
            """,
            instance.Emulator.BaseAddress, instance.DatabasePath, EmbeddedEmulator.DemoPassword, EmbeddedEmulator.DemoMfaSecret);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await instance.Emulator.DisposeAsync();
}
