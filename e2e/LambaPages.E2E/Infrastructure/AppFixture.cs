using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator;
using Microsoft.Playwright;
using OtpNet;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// A real emulator and the real portal on loopback Kestrel ports, plus the shared Chromium. One per xunit
/// collection: starting them once keeps the tier fast, and every journey resets the emulator's data.
/// Subclass with different <c>FeatureManagement:&lt;Flag&gt;</c> settings for "flag off" journeys.
/// </summary>
public class AppFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string WorkspaceId = "wrk_acme";
    public const string ProjectId = "prj_storefront";
    public const string ProjectEnvironment = "test";

    private readonly IReadOnlyDictionary<string, string?> overrides;
    private readonly Action<EmulatorOptions>? configureEmulator;
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "lambapages-e2e-" + Guid.NewGuid().ToString("N"));
    private RunningEmulator? emulator;
    private PortalFactory? portal;
    private IBrowser? browser;
    private HttpClient? emulatorClient;

    public AppFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="overrides">Portal configuration on top of the defaults, e.g. <c>["FeatureManagement:Registration"] = "false"</c>.</param>
    /// <param name="configureEmulator">Emulator settings on top of the defaults (token lifetimes, registration...).</param>
    protected AppFixture(IReadOnlyDictionary<string, string?> overrides, Action<EmulatorOptions>? configureEmulator = null)
    {
        this.overrides = overrides;
        this.configureEmulator = configureEmulator;
    }

    public CapturedLogs PortalLogs { get; } = new();

    public RunningEmulator Emulator => emulator ?? throw NotStarted();

    public PortalFactory Portal => portal ?? throw NotStarted();

    public Uri PortalAddress { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw NotStarted();

    /// <summary>Talks to the emulator directly (control routes), never through the portal.</summary>
    public HttpClient EmulatorClient => emulatorClient ?? throw NotStarted();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        var emulatorOptions = new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0",
            DevelopmentMode = true,

            // Journeys test the portal, not PBKDF2: 600k rounds per sign-in and per seeded user on every reset
            // would cost seconds per journey on a small CI machine.
            PasswordHashIterations = 1_000,
        };
        configureEmulator?.Invoke(emulatorOptions);
        emulator = await EmulatorApp.StartAsync(emulatorOptions);
        emulatorClient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var settings = new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = emulator.BaseAddress.ToString(),
            ["LAMBA_CUSTOMER_API_BASE_URL"] = emulator.BaseAddress.ToString(),
            ["LAMBA_CUSTOMER_WORKSPACE_ID"] = WorkspaceId,
            ["LAMBA_CUSTOMER_PROJECT_ID"] = ProjectId,
            ["LAMBA_CUSTOMER_ENV"] = ProjectEnvironment,
            ["LAMBA_DATA_DIR"] = dataDir,
            // Every journey signs in from 127.0.0.1, often as the same seed user: the sign-in rate limits
            // (fast-tier tested) must not turn a long e2e run away.
            ["RateLimits:PerClientPermitLimit"] = "100000",
            ["RateLimits:PerIdentifierPermitLimit"] = "100000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        portal = new PortalFactory(settings, PortalLogs);
        portal.StartServer();
        PortalAddress = portal.BaseAddress;

        browser = await SharedBrowser.GetAsync();
    }

    /// <summary>Back to the seed data (contract section 9), so no journey sees another's leftovers.</summary>
    public async Task ResetEmulatorAsync()
    {
        using var response = await EmulatorClient.PostAsync(new Uri("_emulator/reset", UriKind.Relative), JsonContent.Create(new { }));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /_emulator/reset answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads what the emulator "sent" to <paramref name="to"/> (magic links, codes).</summary>
    public async Task<string> ReadOutboxAsync(string to) =>
        await EmulatorClient.GetStringAsync(new Uri($"_emulator/outbox?to={Uri.EscapeDataString(to)}", UriKind.Relative));

    /// <summary>The newest outbox message for <paramref name="to"/>: its "link" or "code".</summary>
    public async Task<string> LatestOutboxAsync(string to, string field)
    {
        using var outbox = JsonDocument.Parse(await ReadOutboxAsync(to));
        var items = outbox.RootElement.GetProperty("items");
        Assert.True(items.GetArrayLength() > 0, $"The emulator sent nothing to {to}.");
        return items[0].GetProperty(field).GetString()!;
    }

    /// <summary>
    /// A TOTP code for <paramref name="base32Secret"/> at the emulator's clock (the one it checks codes against), valid for
    /// at least three more seconds: near the end of a 30 s step the emulator's clock moves on to the next step instead of
    /// the journey waiting on the wall clock.
    /// </summary>
    public async Task<string> FreshTotpAsync(string base32Secret = Seed.MfaSecret)
    {
        var now = await EmulatorClockAsync(advanceSeconds: null);
        var intoStep = now.ToUnixTimeMilliseconds() % 30_000 / 1000.0;
        if (30 - intoStep < 3)
        {
            now = await EmulatorClockAsync(advanceSeconds: 30 - intoStep + 0.25);
        }

        return new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(now.UtcDateTime);
    }

    /// <summary>A code of the next 30 s step (Lamba accepts each step once): the emulator's clock moves a whole step on.</summary>
    public async Task<string> NextTotpAsync(string base32Secret)
    {
        await EmulatorClockAsync(advanceSeconds: 30);
        return await FreshTotpAsync(base32Secret);
    }

    /// <summary>The emulator's now, after moving its clock forward by <paramref name="advanceSeconds"/> when given.</summary>
    private async Task<DateTimeOffset> EmulatorClockAsync(double? advanceSeconds)
    {
        using var response = advanceSeconds is { } seconds
            ? await EmulatorClient.PostAsJsonAsync(new Uri("_emulator/clock", UriKind.Relative), new { advanceSeconds = seconds })
            : await EmulatorClient.GetAsync(new Uri("_emulator/clock", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("now").GetDateTimeOffset();
    }

    public async Task PostJsonToEmulatorAsync<T>(string path, T body)
    {
        using var response = await EmulatorClient.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        // The browser is shared across collections and closes at process exit.
        if (portal is not null)
        {
            await portal.DisposeAsync();
        }

        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }

        emulatorClient?.Dispose();
        PortalLogs.Dispose();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A key ring file still held open must not fail the run; the temp folder is cleaned by the OS.
        }

        GC.SuppressFinalize(this);
    }

    private static InvalidOperationException NotStarted() => new("The app fixture has not been initialised.");
}

/// <summary>Tests in this collection share one app and run one after another (they reset shared emulator data).</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollectionDefinition : ICollectionFixture<AppFixture>
{
    public const string Name = "Portal";
}
