using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Net.Http.Headers;

namespace LambaPages.Bench;

/// <summary>B1-B9, each measured against the running processes and added to the report as a finding against its goal.</summary>
internal sealed class Measurements(BenchServers servers, EmulatorControl emulator, BenchSettings settings, Report report) : IDisposable
{
    private const string Context = "GET /v1/me/context";
    private const string Authorization = "GET /v1/me/authorization";
    private const string BareCookie = "bare_access";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly HttpClient portal = NewClient(servers.Portal.BaseAddress);
    private readonly HttpClient bare = NewClient(servers.Bare.BaseAddress);

    /// <summary>B1, B2, B3 (context calls per view), B5, B6 and B9 come from one signed-in session per side under wrk.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The bare page's token first: its direct calls (30 s timeout) warm the emulator's sign-in path, which on a busy
        // machine can take longer at first than the portal's 10 s attempt timeout allows.
        var bareCookie = $"{BareCookie}={await emulator.AccessTokenAsync(BenchUsers.Owner, cancellationToken)}";
        var browser = new PortalBrowser(portal);
        await browser.SignInAsync(BenchUsers.Owner, BenchUsers.Password, cancellationToken);
        MeasureCookieSize(browser);
        var portalCookie = browser.CookieHeader;
        await ExpectMeAsync(portal, portalCookie, cancellationToken);
        await ExpectMeAsync(bare, bareCookie, cancellationToken);
        var portalResidentAtStart = servers.Portal.ResidentBytes();
        var bareResidentAtStart = servers.Bare.ResidentBytes();
        var portalProbeAtStart = await servers.Portal.ProbeAsync(cancellationToken);

        var sides = new[]
        {
            new Side("portal", servers.Portal, portalCookie),
            new Side("bare", servers.Bare, bareCookie),
        };
        // Warm-up, not recorded: the same length of load for each side, in rounds no longer than the measured ones.
        foreach (var side in sides)
        {
            for (var warmedFor = TimeSpan.Zero; warmedFor < settings.WarmUp; warmedFor += settings.RoundLength)
            {
                side.Total += (await RoundAsync(side, settings.RoundLength, cancellationToken)).Requests;
            }
        }

        // B6 also from the end of the warm-up: the JIT's tiers have mostly run by then, so what grows after is the rest.
        var portalResidentWarm = servers.Portal.ResidentBytes();
        var portalRequestsWarm = sides[0].Total;

        var pairs = new List<(WrkRound Portal, WrkRound Bare)>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            // Alternate who goes first, so a drift in the machine's load does not always favour the same side.
            var order = round % 2 == 0 ? sides : sides.Reverse().ToArray();
            var results = new Dictionary<string, WrkRound>();
            foreach (var side in order)
            {
                var contextBefore = await emulator.CallsAsync(Context, cancellationToken);
                var allocatedBefore = await side.Server.AllocatedBytesAsync(cancellationToken);
                var cpuBefore = side.Server.CpuTime();
                var result = await RoundAsync(side, settings.RoundLength, cancellationToken);
                side.Cpu += side.Server.CpuTime() - cpuBefore;
                side.Allocated += await side.Server.AllocatedBytesAsync(cancellationToken) - allocatedBefore;
                side.ContextCalls += await emulator.CallsAsync(Context, cancellationToken) - contextBefore;
                side.Measured += result.Requests;
                side.Total += result.Requests;
                results[side.Name] = result;
                report.Rounds.Add(result);
            }

            pairs.Add((results["portal"], results["bare"]));
        }

        var (portalSide, bareSide) = (sides[0], sides[1]);
        // Each side's own CPU per view, from /proc: what the ratio of rates cannot show, since the emulator and wrk share
        // the same cores with whichever side is loaded.
        var portalCpu = portalSide.Cpu.TotalMilliseconds / portalSide.Measured;
        var bareCpu = bareSide.Cpu.TotalMilliseconds / bareSide.Measured;
        var rpsRatios = pairs.Select(p => p.Portal.RequestsPerSecond / p.Bare.RequestsPerSecond).ToList();
        var b1 = Median(rpsRatios);
        report.Add(new("B1", "`/Me` requests per second, portal ÷ bare page", "≥ 0.90", Ratio(b1), b1 >= 0.90,
            $"median of {pairs.Count} side-by-side pairs ({string.Join(", ", rpsRatios.Select(Ratio))}); portal {pairs.Average(p => p.Portal.RequestsPerSecond):0} rps, bare {pairs.Average(p => p.Bare.RequestsPerSecond):0} rps (means); CPU per view (utime+stime): portal {portalCpu:0.00} ms, bare {bareCpu:0.00} ms; wrk {settings.Connections} connections, {settings.RoundLength.TotalSeconds:0} s rounds after {settings.WarmUp.TotalSeconds:0} s of warm-up per side"));

        var b2 = Median(pairs.Select(p => p.Portal.P99Milliseconds).ToList()) / Median(pairs.Select(p => p.Bare.P99Milliseconds).ToList());
        report.Add(new("B2", "p99 latency, portal ÷ bare page, same load", "≤ 1.3", Ratio(b2), b2 <= 1.3,
            $"median p99 portal {Median(pairs.Select(p => p.Portal.P99Milliseconds).ToList()):0.00} ms, bare {Median(pairs.Select(p => p.Bare.P99Milliseconds).ToList()):0.00} ms"));

        var errors = pairs.Sum(p => p.Portal.Errors + p.Bare.Errors);
        Functional.Expect(errors == 0, $"{errors} requests of the load rounds failed (non-2xx/3xx or socket errors): the figures would mean nothing.");

        // Counted over sequential views, where every view started has finished (wrk leaves some in flight at the end).
        var portalPerView = await ContextCallsPerViewAsync(portal, portalCookie, cancellationToken);
        var barePerView = await ContextCallsPerViewAsync(bare, bareCookie, cancellationToken);
        report.Add(new("B3", "`/v1/me/context` calls per `/Me` view", "exactly 1", portalPerView.ToString("0.00", Invariant), portalPerView == 1,
            $"emulator stats over {settings.ContextViews} sequential views of one session; bare page {barePerView:0.00}; under wrk: {(double)portalSide.ContextCalls / portalSide.Measured:0.000} (includes views still in flight when a round ends)"));

        var portalBytes = (double)portalSide.Allocated / portalSide.Measured;
        var bareBytes = (double)bareSide.Allocated / bareSide.Measured;
        var b5 = portalBytes - bareBytes;
        report.Add(new("B5", "bytes allocated per `/Me`, portal minus bare page", "≤ 6 KB", Kilobytes(b5), b5 <= 6 * 1024,
            $"GC.GetTotalAllocatedBytes of each process (startup-hook probe) over its measured rounds: portal {Kilobytes(portalBytes)}, bare {Kilobytes(bareBytes)} per request"));

        // B6: keep loading the portal until it has served the steady-state count (or the time limit), then compare. The
        // working set half-way is kept too: growth that stops (the JIT's tiers, the GC's budget) is not a leak, growth
        // that goes on is.
        var topUp = Stopwatch.StartNew();
        long? residentHalfWay = null;
        while (portalSide.Total < settings.SteadyStateRequests && topUp.Elapsed < settings.SteadyStateTopUpLimit)
        {
            portalSide.Total += (await RoundAsync(portalSide, TimeSpan.FromSeconds(10), cancellationToken)).Requests;
            if (residentHalfWay is null && portalSide.Total >= settings.SteadyStateRequests / 2)
            {
                residentHalfWay = servers.Portal.ResidentBytes();
            }
        }

        var portalResident = servers.Portal.ResidentBytes();
        var portalProbe = await servers.Portal.ProbeAsync(cancellationToken);
        var growth = (double)portalResident / portalResidentAtStart;
        var bareGrowth = (double)servers.Bare.ResidentBytes() / bareResidentAtStart;
        var reached = portalSide.Total >= BenchSettings.Full.SteadyStateRequests;
        var secondHalf = residentHalfWay is { } half ? $"; second half of the run {Ratio((double)portalResident / half)}" : "";
        var afterWarmUp = $"; from the end of the warm-up ({portalRequestsWarm:N0} requests, {Megabytes(portalResidentWarm)}) {Ratio((double)portalResident / portalResidentWarm)}";
        report.Add(new("B6", "portal working set after N requests ÷ after start", "≤ 1.10 at N = 100,000", Ratio(growth),
            reached ? growth <= 1.10 : null,
            $"VmRSS {Megabytes(portalResidentAtStart)} after sign-in and one view → {Megabytes(portalResident)} after N = {portalSide.Total:N0}{(reached ? "" : " (fewer than 100,000: no verdict)")}{afterWarmUp}{secondHalf}; " +
            $"GC committed {Megabytes(portalProbeAtStart.GcCommitted)} → {Megabytes(portalProbe.GcCommitted)}, JIT-compiled methods {portalProbeAtStart.JittedMethods:N0} → {portalProbe.JittedMethods:N0}; bare page {Ratio(bareGrowth)} after {bareSide.Total:N0}"));
    }

    /// <summary>B3: one session's /v1/me/authorization calls over one cache lifetime, from 16 parallel first views, and at the moment the entry expires.</summary>
    public async Task AuthorizationCallsAsync(CancellationToken cancellationToken)
    {
        var browser = await NewPortalSessionAsync("authz", cancellationToken, openLandingPage: false);
        var lifetime = settings.PermissionCacheLifetime;
        var before = await emulator.CallsAsync(Authorization, cancellationToken);
        var started = Stopwatch.StartNew();
        await ParallelViewsAsync(browser.CookieHeader, 16, cancellationToken);
        var views = 16;
        while (started.Elapsed < lifetime - TimeSpan.FromSeconds(1))
        {
            await ExpectMeAsync(portal, browser.CookieHeader, cancellationToken);
            views++;
            await Task.Delay(250, cancellationToken);
        }

        var withinLifetime = await emulator.CallsAsync(Authorization, cancellationToken) - before;
        var remaining = lifetime + TimeSpan.FromMilliseconds(500) - started.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }

        await ParallelViewsAsync(browser.CookieHeader, 16, cancellationToken);
        var atExpiry = await emulator.CallsAsync(Authorization, cancellationToken) - before - withinLifetime;
        report.Add(new("B3", "`/v1/me/authorization` calls per session per cache lifetime", "≤ 1",
            $"{withinLifetime} in the first {lifetime.TotalSeconds:0} s; {atExpiry} at expiry", withinLifetime <= 1 && atExpiry <= 1,
            $"one new session: 16 parallel first views, then {views - 16} views 4 per second, then 16 parallel views just after the {lifetime.TotalSeconds:0} s entry expired"));
    }

    /// <summary>B4: 64 parallel views of one session whose access token expired share one refresh.</summary>
    public async Task ExpiredTokenAsync(CancellationToken cancellationToken)
    {
        var browser = await NewPortalSessionAsync("expiry", cancellationToken);
        await ExpectMeAsync(portal, browser.CookieHeader, cancellationToken);
        // Past the emulator's 15-minute access-token lifetime: every access token it issued so far is now expired.
        await emulator.AdvanceClockAsync(15 * 60 + 1, cancellationToken);
        var before = await emulator.RefreshesAsync(cancellationToken);
        var statuses = await ParallelViewsAsync(browser.CookieHeader, settings.ExpiredTokenViews, cancellationToken, expectOk: false);
        var refreshes = await emulator.RefreshesAsync(cancellationToken) - before;
        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        report.Add(new("B4", $"{settings.ExpiredTokenViews} parallel views with an expired token (one instance)", "1 refresh, all 200",
            $"{refreshes} refresh{(refreshes == 1 ? "" : "es")}, {ok} × 200", refreshes == 1 && ok == settings.ExpiredTokenViews,
            $"emulator clock +901 s, emulator stats \"refreshes\"; other statuses: {string.Join(", ", statuses.Where(s => s != HttpStatusCode.OK).Select(s => (int)s).Distinct().DefaultIfEmpty())}; two instances behind nginx with Redis: the cluster tier's RefreshStormTests (32 parallel views over both, 1 refresh)"));
    }

    private const int FaultWarmUpViews = 300;

    /// <summary>B7: Lamba answers 503 to /v1/me/context: how fast the error page comes, and whether the session survives.</summary>
    public async Task LambaUnavailableAsync(CancellationToken cancellationToken)
    {
        var browser = await NewPortalSessionAsync("fault", cancellationToken);
        var bareCookie = $"{BareCookie}={await emulator.AccessTokenAsync(BenchUsers.Owner, cancellationToken)}";
        await ExpectMeAsync(portal, browser.CookieHeader, cancellationToken);
        await emulator.FailAsync(Context, 503, 1_000_000, cancellationToken);
        List<(double Milliseconds, HttpStatusCode Status, int Cleared)> portalWarmUp, portalViews, bareViews;
        try
        {
            // Each side's first error pages run code nothing else has run yet (JIT, then tiered recompilation of the error
            // path after about thirty calls): warmed up and left out, as the load rounds are, so that p99 is the steady
            // answer whether this group runs alone (--only fault) or after the load rounds.
            portalWarmUp = await SequentialViewsAsync(portal, browser.CookieHeader, FaultWarmUpViews, cancellationToken);
            portalViews = await SequentialViewsAsync(portal, browser.CookieHeader, settings.FaultViews, cancellationToken);
            await SequentialViewsAsync(bare, bareCookie, FaultWarmUpViews, cancellationToken);
            bareViews = await SequentialViewsAsync(bare, bareCookie, settings.FaultViews, cancellationToken);
        }
        finally
        {
            await emulator.ClearFaultsAsync(cancellationToken);
        }

        // The same cookies must work again once Lamba is back (the resilience circuit may stay open a few seconds).
        var recovered = Stopwatch.StartNew();
        var back = false;
        while (!back && recovered.Elapsed < TimeSpan.FromSeconds(60))
        {
            back = (await ViewAsync(portal, browser.CookieHeader, cancellationToken)).Status == HttpStatusCode.OK;
            if (!back)
            {
                await Task.Delay(250, cancellationToken);
            }
        }

        var p99 = Percentile(portalViews.Select(v => v.Milliseconds).ToList(), 99);
        var cleared = portalWarmUp.Concat(portalViews).Sum(v => v.Cleared);
        report.Add(new("B7", "Lamba answers 503: error page p99; session cookies cleared", "≤ 5 ms; none",
            $"{p99:0.0} ms; {cleared} cleared", p99 <= 5 && cleared == 0 && back,
            $"{settings.FaultViews} sequential `/Me` views after {FaultWarmUpViews} warm-up views (the slowest of those {portalWarmUp.Max(v => v.Milliseconds):0.0} ms: the first ones, before the resilience circuit opened and the error path was compiled), median {Percentile(portalViews.Select(v => v.Milliseconds).ToList(), 50):0.0} ms, statuses {string.Join(", ", portalViews.Select(v => (int)v.Status).Distinct())}; the same cookies {(back ? $"showed `/Me` again {recovered.Elapsed.TotalSeconds:0.0} s after Lamba recovered" : "did NOT show `/Me` within 60 s of recovery")}; bare page p99 {Percentile(bareViews.Select(v => v.Milliseconds).ToList(), 99):0.0} ms, median {Percentile(bareViews.Select(v => v.Milliseconds).ToList(), 50):0.0} ms (statuses {string.Join(", ", bareViews.Select(v => (int)v.Status).Distinct())})"));
    }

    private const int SignInConcurrency = 16;

    private const int SignInWarmUp = 30;

    /// <summary>B8: portal CPU per sign-in POST that reaches Lamba, against one the rate limiter turns away.</summary>
    public async Task RateLimitedSignInAsync(CancellationToken cancellationToken)
    {
        var logins = new List<string>();
        for (var i = 0; i < settings.SignInBatch + SignInWarmUp; i++)
        {
            logins.Add(await emulator.RegisterAsync(BenchUsers.NewEmail("signin"), cancellationToken));
        }

        var browser = new PortalBrowser(portal);
        var token = await browser.OpenLoginFormAsync(cancellationToken);

        // Both batches go SignInConcurrency at a time, the same shape on both sides: one request at a time would mostly
        // measure the thread pool waking up for each, a cost that does not depend on what the request does.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SignInConcurrency, CancellationToken = cancellationToken };
        // Warm-ups, not counted: the first requests of each path pay for compiling it (and again for its tiered
        // recompilation), which would be charged to whichever batch ran first.
        var warmUps = logins[..SignInWarmUp];
        logins = logins[SignInWarmUp..];
        await Parallel.ForEachAsync(warmUps, parallel, async (login, stop) => await browser.PostLoginAsync(login, BenchUsers.Password, token, stop));
        var reachingCpu = servers.Portal.CpuTime();
        await Parallel.ForEachAsync(logins, parallel, async (login, stop) =>
        {
            var status = await browser.PostLoginAsync(login, BenchUsers.Password, token, stop);
            Functional.Expect(status == HttpStatusCode.Redirect, $"A sign-in of a new user answered {(int)status}, not a redirect.");
        });

        reachingCpu = servers.Portal.CpuTime() - reachingCpu;

        var limited = BenchUsers.NewEmail("limited");
        for (var i = 0; i < BenchServers.PerLoginSignInLimit; i++)
        {
            await browser.PostLoginAsync(limited, "wrong password", token, cancellationToken);
        }

        var limitedCount = settings.SignInBatch * 20;
        await Parallel.ForEachAsync(Enumerable.Range(0, SignInWarmUp * 20), parallel, async (_, stop) => await browser.PostLoginAsync(limited, "wrong password", token, stop));
        var limitedCpu = servers.Portal.CpuTime();
        await Parallel.ForEachAsync(Enumerable.Range(0, limitedCount), parallel, async (_, stop) =>
        {
            var status = await browser.PostLoginAsync(limited, "wrong password", token, stop);
            Functional.Expect(status == HttpStatusCode.TooManyRequests, $"A sign-in over the per-login limit answered {(int)status}, not 429.");
        });

        limitedCpu = servers.Portal.CpuTime() - limitedCpu;
        var perReaching = reachingCpu.TotalMilliseconds / logins.Count;
        // /proc counts CPU in 10 ms ticks: a batch under one tick is reported as "at least" with one tick.
        var perLimited = Math.Max(limitedCpu.TotalMilliseconds, 10) / limitedCount;
        var ratio = perReaching / perLimited;
        report.Add(new("B8", "CPU per sign-in reaching Lamba ÷ per rate-limited sign-in", "≥ 5", (limitedCpu.TotalMilliseconds < 10 ? "≥ " : "") + Ratio(ratio), ratio >= 5,
            $"portal utime+stime from /proc: {perReaching:0.00} ms per successful sign-in ({logins.Count}), {perLimited:0.000} ms per 429 ({limitedCount}, same login over its limit); {SignInConcurrency} POSTs at a time on both sides"));
    }

    public void Dispose()
    {
        portal.Dispose();
        bare.Dispose();
    }

    /// <summary>B9: the largest session cookie the portal wrote at the owner's sign-in.</summary>
    private void MeasureCookieSize(PortalBrowser browser)
    {
        var largest = browser.Cookies.Where(c => c.Key.Contains("lamba", StringComparison.OrdinalIgnoreCase))
            .Select(c => (c.Key, Bytes: c.Key.Length + 1 + c.Value.Length)).DefaultIfEmpty().MaxBy(c => c.Bytes);
        if (largest.Key is null)
        {
            report.Add(Finding.NotMeasured("B9", "largest session cookie", "≤ 4096 bytes", "the sign-in set no session cookie"));
            return;
        }

        report.Add(new("B9", "largest session cookie (name=value)", "≤ 4096 bytes", $"{largest.Bytes} bytes", largest.Bytes <= 4096,
            $"`{largest.Key}` after owner@acme.test signed in (owner role, context switched); the emulator's tokens carry ids but no roles, so more roles do not grow them; whole Cookie header {browser.CookieHeader.Length} bytes"));
    }

    private async Task<double> ContextCallsPerViewAsync(HttpClient client, string cookieHeader, CancellationToken cancellationToken)
    {
        var before = await emulator.CallsAsync(Context, cancellationToken);
        for (var i = 0; i < settings.ContextViews; i++)
        {
            await ExpectMeAsync(client, cookieHeader, cancellationToken);
        }

        return (double)(await emulator.CallsAsync(Context, cancellationToken) - before) / settings.ContextViews;
    }

    /// <summary>
    /// A new user signed in as a browser does: it opens the page sign-in lands on, so it holds the preferences cookie
    /// (without it every view would also ask Lamba for the profile, a call no browser causes). B3 leaves the first page
    /// to its parallel first views.
    /// </summary>
    private async Task<PortalBrowser> NewPortalSessionAsync(string purpose, CancellationToken cancellationToken, bool openLandingPage = true)
    {
        var login = await emulator.RegisterAsync(BenchUsers.NewEmail(purpose), cancellationToken);
        var browser = new PortalBrowser(portal);
        await browser.SignInAsync(login, BenchUsers.Password, cancellationToken, openLandingPage);
        return browser;
    }

    private async Task<WrkRound> RoundAsync(Side side, TimeSpan length, CancellationToken cancellationToken) =>
        await Wrk.RunAsync(side.Name, new Uri(side.Server.BaseAddress, "Me"), side.Cookie, settings.Connections, length, cancellationToken);

    private async Task<HttpStatusCode[]> ParallelViewsAsync(string cookieHeader, int count, CancellationToken cancellationToken, bool expectOk = true)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ => (await ViewAsync(portal, cookieHeader, cancellationToken)).Status));
        Functional.Expect(!expectOk || statuses.All(s => s == HttpStatusCode.OK), $"Parallel GET /Me answered {string.Join(", ", statuses.Select(s => (int)s).Distinct())}.");
        return statuses;
    }

    private static async Task<List<(double Milliseconds, HttpStatusCode Status, int Cleared)>> SequentialViewsAsync(
        HttpClient client, string cookieHeader, int count, CancellationToken cancellationToken)
    {
        var views = new List<(double, HttpStatusCode, int)>(count);
        for (var i = 0; i < count; i++)
        {
            views.Add(await ViewAsync(client, cookieHeader, cancellationToken));
        }

        return views;
    }

    /// <summary>One GET /Me with a fixed Cookie header: its time, status, and how many cookies its answer cleared.</summary>
    private static async Task<(double Milliseconds, HttpStatusCode Status, int Cleared)> ViewAsync(HttpClient client, string cookieHeader, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "Me");
        request.Headers.Add("Cookie", cookieHeader);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, cancellationToken);
        _ = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var cleared = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList()).Count(c => c.Value.Length == 0 || c.Expires < DateTimeOffset.UtcNow || c.MaxAge <= TimeSpan.Zero)
            : 0;
        return (elapsed, response.StatusCode, cleared);
    }

    private static async Task ExpectMeAsync(HttpClient client, string cookieHeader, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "Me");
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Functional.Expect(response.StatusCode == HttpStatusCode.OK && html.Contains("Your account", StringComparison.Ordinal),
            $"GET {client.BaseAddress}Me answered {(int)response.StatusCode} {response.Headers.Location} without \"Your account\".");
    }

    private static HttpClient NewClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", Invariant) + "×" : "n/a";

    private static string Kilobytes(double bytes) => (bytes / 1024).ToString("0.0", Invariant) + " KB";

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", Invariant) + " MB";

    private sealed class Side(string name, ServerProcess server, string cookie)
    {
        public string Name { get; } = name;

        public ServerProcess Server { get; } = server;

        public string Cookie { get; } = cookie;

        public long Total { get; set; }

        public long Measured { get; set; }

        public long Allocated { get; set; }

        public long ContextCalls { get; set; }

        /// <summary>The process's CPU time (user + system) over its measured rounds.</summary>
        public TimeSpan Cpu { get; set; }
    }
}
