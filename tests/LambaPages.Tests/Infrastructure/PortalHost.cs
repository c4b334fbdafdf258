using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator;
using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Infrastructure;

/// <summary>
/// A real emulator on a free loopback port and the portal (TestServer) pointed at it. A test that owns one owns its data,
/// clock, faults, counters and the portal's in-process state; independent tests of a class share one through
/// <see cref="SharedPortal"/>.
/// </summary>
public sealed class PortalHost : IAsyncDisposable
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string MfaSecret = "JBSWY3DPEHPK3PXP";

    private readonly string dataDirectory;

    private PortalHost(RunningEmulator emulator, PortalFactory portal, CapturedLogs logs, string dataDirectory)
    {
        Emulator = emulator;
        Portal = portal;
        Logs = logs;
        this.dataDirectory = dataDirectory;
        EmulatorClient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RunningEmulator Emulator { get; }

    public PortalFactory Portal { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Straight to the emulator (control routes, or playing another client), never through the portal.</summary>
    public HttpClient EmulatorClient { get; }

    public SessionCookies SessionCookies => Portal.Services.GetRequiredService<SessionCookies>();

    public static async Task<PortalHost> StartAsync(
        Action<EmulatorOptions>? configureEmulator = null, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing",
        TimeProvider? portalClock = null)
    {
        // Cheap password hashing: these tests are about the portal, and 600k PBKDF2 rounds per login on a shared
        // 2-core machine would push calls towards the portal's upstream timeouts.
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DevelopmentMode = true, PasswordHashIterations = 1_000 };
        configureEmulator?.Invoke(options);
        var emulator = await EmulatorApp.StartAsync(options);

        var dataDirectory = Path.Combine(Path.GetTempPath(), "lambapages-tests-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = emulator.BaseAddress.ToString(),
            ["LAMBA_CUSTOMER_API_BASE_URL"] = emulator.BaseAddress.ToString(),
            ["LAMBA_CUSTOMER_WORKSPACE_ID"] = "wrk_acme",
            ["LAMBA_CUSTOMER_PROJECT_ID"] = "prj_storefront",
            ["LAMBA_CUSTOMER_ENV"] = "test",
            ["LAMBA_DATA_DIR"] = dataDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var logs = new CapturedLogs();
        return new PortalHost(emulator, new PortalFactory(all, logs, environment, portalClock), logs, dataDirectory);
    }

    /// <summary>A browser: https (so Secure cookies flow), no auto-redirects, its own cookie jar.</summary>
    public TestBrowser NewBrowser() => new(CreateClient());

    public HttpClient CreateClient() => Portal.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    public async Task AdvanceEmulatorClockAsync(TimeSpan by)
    {
        using var response = await EmulatorClient.PostAsJsonAsync("_emulator/clock", new { advanceSeconds = by.TotalSeconds });
        response.EnsureSuccessStatusCode();
    }

    public async Task AddFaultAsync(string route, int status, int count)
    {
        using var response = await EmulatorClient.PostAsJsonAsync("_emulator/faults", new { route, status, count });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await EmulatorClient.DeleteAsync("_emulator/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> StatsAsync() => await EmulatorClient.GetFromJsonAsync<JsonElement>("_emulator/stats");

    public async Task<long> RefreshCountAsync() => (await StatsAsync()).GetProperty("refreshes").GetInt64();

    /// <summary>Calls Lamba's GET /v1/me/context as another client would, with a raw access token.</summary>
    public async Task<HttpResponseMessage> GetContextWithTokenAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/me/context");
        request.Headers.Authorization = new("Bearer", accessToken);
        return await EmulatorClient.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Emulator.DisposeAsync();
        EmulatorClient.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A key file still open must not fail a test; the temp folder is cleaned by the OS.
        }
    }
}
