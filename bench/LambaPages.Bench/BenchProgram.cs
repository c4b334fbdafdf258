using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Lamba.Emulator;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Bench;

/// <summary>
/// Figures for comparison between commits, never pass/fail: portal latency against Lamba's own, the refresh single
/// flight, the admin permission cache and allocations per page. Everything runs in this process on loopback with a
/// fixed number of requests; the exit code is non-zero only when something functional fails.
/// </summary>
internal static class BenchProgram
{
    private const string Password = "Passw0rd!Passw0rd";
    private const int Requests = 200;
    private const int WarmUp = 20;
    private const int ParallelRequests = 32;
    private const int AdminViews = 10;

    // A safety stop for a hang, not a verdict on speed: a normal run takes a few seconds.
    private static readonly TimeSpan HardStop = TimeSpan.FromSeconds(120);

    public static async Task<int> Main()
    {
        // WebApplicationFactory reads MvcTestingAppManifest.json (the portal's content root) from the working
        // directory, as under a test runner; `dotnet run --project` starts elsewhere.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        PrintHeader();
        using var stop = new CancellationTokenSource(HardStop);
        try
        {
            var report = await RunAsync(stop.Token);
            Console.WriteLine();
            report.Print(Console.Out);
            Console.WriteLine();
            Console.WriteLine("These are figures for comparison between commits on the same machine, not pass/fail.");
            return 0;
        }
        catch (FunctionalFailureException ex)
        {
            Console.Error.WriteLine($"FUNCTIONAL FAILURE: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"STOPPED: the run did not finish within {HardStop.TotalSeconds:0} s (a hang, not a slow figure).");
            return 2;
        }
    }

    private static void PrintHeader()
    {
        Console.WriteLine("LambaPages benchmark");
        Console.WriteLine($"Machine: {Environment.MachineName}, {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Console.WriteLine($"Runtime: {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}, {BuildConfiguration}");
        Console.WriteLine($"Counts: {Requests} sequential requests per side after {WarmUp} warm-up, {ParallelRequests} parallel, {AdminViews} admin views");
        Console.WriteLine();
    }

#if DEBUG
    private const string BuildConfiguration = "Debug build (figures not comparable with Release)";
#else
    private const string BuildConfiguration = "Release build";
#endif

    private static async Task<Report> RunAsync(CancellationToken cancellationToken)
    {
        // Cheap password hashing as in the tests: the bench measures pages, not PBKDF2 at sign-in.
        var emulatorOptions = new EmulatorOptions { Urls = "http://127.0.0.1:0", DevelopmentMode = true, PasswordHashIterations = 1_000 };
        await using var emulator = await EmulatorApp.StartAsync(emulatorOptions, cancellationToken);
        using var emulatorClient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var dataDirectory = Path.Combine(Path.GetTempPath(), "lambapages-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var portal = new BenchPortal(new Dictionary<string, string?>
            {
                ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = emulator.BaseAddress.ToString(),
                ["LAMBA_CUSTOMER_API_BASE_URL"] = emulator.BaseAddress.ToString(),
                ["LAMBA_CUSTOMER_WORKSPACE_ID"] = "wrk_acme",
                ["LAMBA_CUSTOMER_PROJECT_ID"] = "prj_storefront",
                ["LAMBA_CUSTOMER_ENV"] = "test",
                ["LAMBA_DATA_DIR"] = dataDirectory,
            });
            portal.StartServer();
            using var portalClient = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
            {
                BaseAddress = portal.BaseAddress,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var emulatorApi = new EmulatorControl(emulatorClient);
            var report = new Report();
            report.Add(4, "Process working set after start", Report.Bytes(Environment.WorkingSet), "emulator + portal + this client");

            // Order matters: the clock jump of the refresh burst expires every session's access token, so it runs last.
            await MeasureSignedInPageAsync(portal, portalClient, emulatorClient, emulatorApi, report, cancellationToken);
            await MeasurePermissionCacheAsync(portalClient, emulatorApi, report, cancellationToken);
            await MeasureRefreshSingleFlightAsync(portalClient, emulatorApi, report, cancellationToken);

            using var process = Process.GetCurrentProcess();
            report.Add(4, "Process working set at end", Report.Bytes(Environment.WorkingSet), "emulator + portal + this client");
            report.Add(4, "Process peak working set", Report.Bytes(process.PeakWorkingSet64));
            report.Add(4, "GC heap size at end", Report.Bytes(GC.GetGCMemoryInfo().HeapSizeBytes), $"gen0/1/2 collections: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            return report;
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A key ring file still open must not turn figures into a failure; the OS cleans its temp folder.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>1 and 4: /Me through the portal against /v1/me/context straight at the emulator, same session, with allocations.</summary>
    private static async Task MeasureSignedInPageAsync(
        BenchPortal portal, HttpClient portalClient, HttpClient emulatorClient, EmulatorControl emulator, Report report, CancellationToken cancellationToken)
    {
        var browser = new PortalBrowser(portalClient);
        await browser.SignInAsync("owner@acme.test", Password, cancellationToken);
        var cookies = portal.Services.GetRequiredService<SessionCookies>();
        var accessCookie = browser.Cookies.GetValueOrDefault(LambaOptions.DefaultSessionCookie);
        var accessToken = cookies.UnprotectAccess(accessCookie)?.Token;
        Functional.Expect(accessToken is not null, "The sign-in left no readable access-token cookie.");

        async Task PortalMe()
        {
            var me = await browser.GetAsync("/Me", cancellationToken);
            Functional.Expect(me.Status == HttpStatusCode.OK, $"GET /Me answered {(int)me.Status} {me.Location}.");
            Functional.Expect(me.Html.Contains("Your account", StringComparison.Ordinal), "GET /Me did not show \"Your account\".");
        }

        async Task DirectContext()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/me/context");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await emulatorClient.SendAsync(request, cancellationToken);
            _ = await response.Content.ReadAsStringAsync(cancellationToken);
            Functional.Expect(response.StatusCode == HttpStatusCode.OK, $"GET /v1/me/context answered {(int)response.StatusCode}.");
        }

        for (var i = 0; i < WarmUp; i++)
        {
            await PortalMe();
            await DirectContext();
        }

        var callsBefore = await emulator.UpstreamCallsAsync(cancellationToken);
        var portalRun = await TimeSequentialAsync(PortalMe);
        var upstreamPerPage = (double)(await emulator.UpstreamCallsAsync(cancellationToken) - callsBefore) / Requests;
        var directRun = await TimeSequentialAsync(DirectContext);

        var portalP50 = Report.Percentile(portalRun.Milliseconds, 50);
        var portalP95 = Report.Percentile(portalRun.Milliseconds, 95);
        var directP50 = Report.Percentile(directRun.Milliseconds, 50);
        var directP95 = Report.Percentile(directRun.Milliseconds, 95);
        report.Add(1, "GET /Me via portal p50", Report.Ms(portalP50), $"{Requests} sequential, signed in as owner@acme.test");
        report.Add(1, "GET /Me via portal p95", Report.Ms(portalP95));
        report.Add(1, "GET /v1/me/context direct p50", Report.Ms(directP50), "same session's bearer token, straight at the emulator");
        report.Add(1, "GET /v1/me/context direct p95", Report.Ms(directP95));
        report.Add(1, "Portal overhead p50 ratio", Report.Ratio(portalP50 / directP50), "portal /Me p50 / direct p50");
        report.Add(1, "Portal overhead p95 ratio", Report.Ratio(portalP95 / directP95), "portal /Me p95 / direct p95");
        report.Add(1, "Upstream calls per /Me", Report.Number(upstreamPerPage), "emulator stats, all non-control routes");

        var portalAllocated = (double)portalRun.AllocatedBytes / Requests;
        var directAllocated = (double)directRun.AllocatedBytes / Requests;
        report.Add(4, "Allocated per /Me round trip", Report.Bytes(portalAllocated), "whole process: client + portal + emulator");
        report.Add(4, "Allocated per direct context call", Report.Bytes(directAllocated), "whole process: client + emulator");
        report.Add(4, "Portal's share per /Me (difference)", Report.Bytes(portalAllocated - directAllocated), "estimate: round trip minus direct call");
    }

    /// <summary>3: the per-session permission cache, counted as Lamba sees it.</summary>
    private static async Task MeasurePermissionCacheAsync(HttpClient portalClient, EmulatorControl emulator, Report report, CancellationToken cancellationToken)
    {
        var admin = new PortalBrowser(portalClient);
        await admin.SignInAsync("admin@acme.test", Password, cancellationToken);
        var before = await emulator.CallsAsync("GET /v1/me/authorization", cancellationToken);
        var started = Stopwatch.GetTimestamp();
        for (var view = 0; view < AdminViews; view++)
        {
            var page = await admin.GetAsync("/Admin/Members", cancellationToken);
            Functional.Expect(page.Status == HttpStatusCode.OK, $"GET /Admin/Members as admin@acme.test answered {(int)page.Status} {page.Location}.");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var calls = await emulator.CallsAsync("GET /v1/me/authorization", cancellationToken) - before;
        report.Add(3, "/v1/me/authorization calls", Report.Number(calls), $"for {AdminViews} views of /Admin/Members as admin@acme.test");
        report.Add(3, "Authorization calls per admin view", Report.Number((double)calls / AdminViews, "0.###"));
        report.Add(3, "Admin view mean", Report.Ms(elapsed.TotalMilliseconds / AdminViews), "sequential, first one fills the cache");
    }

    /// <summary>2: parallel requests of one browser with an expired access token share one upstream refresh.</summary>
    private static async Task MeasureRefreshSingleFlightAsync(HttpClient portalClient, EmulatorControl emulator, Report report, CancellationToken cancellationToken)
    {
        var browser = new PortalBrowser(portalClient);
        await browser.SignInAsync("owner@acme.test", Password, cancellationToken);
        var cookieHeader = browser.CookieHeader;
        await emulator.AdvanceClockAsync(901, cancellationToken);
        var before = await emulator.RefreshesAsync(cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var statuses = await Task.WhenAll(Enumerable.Range(0, ParallelRequests).Select(async burstIndex =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Me");
            request.Headers.Add("Cookie", cookieHeader);
            using var response = await portalClient.SendAsync(request, cancellationToken);
            _ = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode;
        }));
        var wall = Stopwatch.GetElapsedTime(started);

        var notOk = statuses.Where(s => s != HttpStatusCode.OK).Select(s => (int)s).ToList();
        Functional.Expect(notOk.Count == 0, $"{notOk.Count} of {ParallelRequests} parallel GET /Me answered {string.Join(", ", notOk.Distinct())}.");
        var refreshes = await emulator.RefreshesAsync(cancellationToken) - before;
        Functional.Expect(refreshes > 0, "No upstream refresh happened after the clock jump: the access token did not expire, so the burst measured nothing.");
        report.Add(2, "Parallel /Me with expired token", Report.Number(ParallelRequests), "one browser's cookies, emulator clock +901 s");
        report.Add(2, "Upstream refreshes", Report.Number(refreshes), "emulator stats");
        report.Add(2, "Requests per refresh", Report.Ratio((double)ParallelRequests / refreshes), $"{ParallelRequests} = one shared refresh");
        report.Add(2, "Burst wall time", Report.Ms(wall.TotalMilliseconds), "all requests started together");
    }

    private static async Task<(List<double> Milliseconds, long AllocatedBytes)> TimeSequentialAsync(Func<Task> request)
    {
        var milliseconds = new List<double>(Requests);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await request();
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (milliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    /// <summary>The emulator's control routes (contract section 9) the bench reads its counts from.</summary>
    private sealed class EmulatorControl(HttpClient client)
    {
        public async Task AdvanceClockAsync(int seconds, CancellationToken cancellationToken)
        {
            using var response = await client.PostAsJsonAsync("_emulator/clock", new { advanceSeconds = seconds }, cancellationToken);
            Functional.Expect(response.IsSuccessStatusCode, $"POST /_emulator/clock answered {(int)response.StatusCode}.");
        }

        public async Task<long> RefreshesAsync(CancellationToken cancellationToken) =>
            (await StatsAsync(cancellationToken)).GetProperty("refreshes").GetInt64();

        public async Task<long> CallsAsync(string route, CancellationToken cancellationToken) =>
            (await StatsAsync(cancellationToken)).GetProperty("calls").TryGetProperty(route, out var count) ? count.GetInt64() : 0;

        public async Task<long> UpstreamCallsAsync(CancellationToken cancellationToken) =>
            (await StatsAsync(cancellationToken)).GetProperty("calls").EnumerateObject().Sum(c => c.Value.GetInt64());

        private async Task<JsonElement> StatsAsync(CancellationToken cancellationToken) =>
            await client.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
    }
}
