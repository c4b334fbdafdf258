using Lamba.AspNetCore.Client;
using Lamba.Emulator;
using Lamba.Emulator.Webhooks;
using Microsoft.Extensions.Options;

namespace LambaPages.Hosting;

/// <summary>
/// The embedded default upstream: in Development, with neither Lamba URL configured, the portal runs the local
/// emulator on a free loopback port and talks to it over real HTTP, exactly as it would to Lamba.
/// </summary>
/// <remarks>
/// The emulator starts lazily, when LambaOptions are first built (startup validation does that before the portal
/// serves anything), not while the portal's builder runs: a host built before the portal's own would be taken
/// for the application by hosting tools such as WebApplicationFactory.
/// </remarks>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    public const string DemoPassword = "Passw0rd!Passw0rd";
    public const string DemoMfaSecret = "JBSWY3DPEHPK3PXP";

    private readonly Lazy<RunningEmulator> running;
    private readonly string webhookSecret = "whsec_embedded_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private EmbeddedEmulator(string databasePath)
    {
        DatabasePath = databasePath;
        running = new Lazy<RunningEmulator>(() => EmulatorApp
            .StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", DatabasePath = databasePath, DevelopmentMode = true })
            .GetAwaiter().GetResult());
    }

    public string DatabasePath { get; }

    /// <summary>The bound loopback address; starts the emulator on first use.</summary>
    public Uri BaseAddress => running.Value.BaseAddress;

    /// <summary>
    /// Registers the emulator when the portal has no Lamba to talk to and may use a local one. Outside Development
    /// nothing is registered, and options validation stops the portal with a message naming the settings to set.
    /// </summary>
    public static void AddIfUnconfigured(WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration["LAMBA_CUSTOMER_AUTH_BASE_URL"])
            || !string.IsNullOrWhiteSpace(configuration["LAMBA_CUSTOMER_API_BASE_URL"])
            || !builder.Environment.IsDevelopment())
        {
            return;
        }

        var emulator = new EmbeddedEmulator(Path.Combine(dataDirectory, "emulator.db"));
        builder.Services.AddSingleton(emulator);
        builder.Services.AddHostedService<EmbeddedEmulatorLifetime>();
        builder.Services.AddSingleton<IPostConfigureOptions<LambaOptions>>(new PostConfigureOptions<LambaOptions>(Options.DefaultName, options =>
        {
            options.AuthBaseUrl = emulator.BaseAddress;
            options.ApiBaseUrl = emulator.BaseAddress;
            // The seeded demo context, unless configured otherwise.
            options.WorkspaceId = Default(options.WorkspaceId, "wrk_acme");
            options.ProjectId = Default(options.ProjectId, "prj_storefront");
            options.Environment = Default(options.Environment, "test");
            // Webhooks work with no setup: a fresh secret per run, shared with the emulator once the portal listens.
            options.WebhookSecret = Default(options.WebhookSecret, emulator.webhookSecret);
        }));
    }

    /// <summary>Points the emulator's webhooks at this portal's receiver (called once the portal knows its address).</summary>
    public void DeliverWebhooksTo(Uri receiver, string secret) =>
        running.Value.Services.GetRequiredService<WebhookEndpoints>().Configure(receiver.ToString(), secret);

    public async ValueTask DisposeAsync()
    {
        if (running.IsValueCreated)
        {
            await running.Value.DisposeAsync();
        }
    }

    private static string Default(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}

/// <summary>Says loudly what runs, and stops the emulator with the host.</summary>
internal sealed class EmbeddedEmulatorLifetime(EmbeddedEmulator emulator, ILogger<EmbeddedEmulatorLifetime> logger) : IHostedService
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
            emulator.BaseAddress, emulator.DatabasePath, EmbeddedEmulator.DemoPassword, EmbeddedEmulator.DemoMfaSecret);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await emulator.DisposeAsync();
}
