using System.Diagnostics;
using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class ControlTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public async Task The_outbox_filters_by_recipient_newest_first()
    {
        for (var i = 0; i < 2; i++)
        {
            (await Emulator.PostAsync("/v1/auth/magic-link/start", new { email = "viewer@acme.test", redirectUri = $"https://app.example.test/{i}" })).Dispose();
        }

        (await Emulator.PostAsync("/v1/auth/magic-link/start", new { email = "owner@acme.test", redirectUri = "https://app.example.test/owner" })).Dispose();

        var viewer = await Emulator.OutboxAsync("VIEWER@acme.test");
        Assert.Equal(2, viewer.Length);
        Assert.StartsWith("https://app.example.test/1?", viewer[0].GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.All(viewer, m => Assert.Equal("viewer@acme.test", m.GetProperty("to").GetString()));
        Assert.All(viewer, m => Assert.True(m.TryGetProperty("createdAt", out _)));
        var all = (await Emulator.GetJsonAsync("/_emulator/outbox")).GetProperty("items").GetArrayLength();
        Assert.Equal(3, all);
    }

    [Fact]
    public async Task Reset_brings_back_the_seed_and_the_real_time()
    {
        var (_, tokens) = await Emulator.RegisterAsync("temp");
        await Emulator.WithDbAsync(db => db.Users.Where(u => u.Id == SeedData.ViewerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Changed")));
        await Emulator.AdvanceClockAsync(TimeSpan.FromDays(2));

        using var reset = await Emulator.PostAsync("/_emulator/reset", null);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var gone = await Emulator.PostAsync("/v1/auth/login/password", new { login = "temp@example.test", password = TestEmulator.Password });
        await Problem.AssertAsync(gone, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        using var oldSession = await Emulator.GetAsync("/v1/me/context", tokens.Access);
        await Problem.AssertAsync(oldSession, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        var viewer = await Emulator.LoginAsync("viewer@acme.test");
        var context = await Emulator.GetJsonAsync("/v1/me/context", viewer.Access);
        Assert.NotEqual("Changed", context.GetProperty("user").GetProperty("displayName").GetString());
        Assert.Equal(TimeSpan.Zero, Emulator.Clock.Offset);
        Assert.Empty((await Emulator.GetJsonAsync("/_emulator/outbox")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_fault_fails_the_next_calls_of_a_route_then_clears()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        using var added = await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/me/context", status = 503, count = 2 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        for (var i = 0; i < 2; i++)
        {
            using var failed = await Emulator.GetAsync("/v1/me/context", login.Access);
            await Problem.AssertAsync(failed, HttpStatusCode.ServiceUnavailable, "INTERNAL");
        }

        await Emulator.GetJsonAsync("/v1/me/context", login.Access);
    }

    [Fact]
    public async Task A_fault_can_target_one_method_and_use_any_status()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        (await Emulator.PostAsync("/_emulator/faults", new { route = "POST /v1/auth/refresh", status = 429 })).Dispose();
        (await Emulator.PostAsync("/_emulator/faults", new { route = "GET /v1/auth/refresh", status = 500 })).Dispose();

        using var limited = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.NotNull(limited.Headers.RetryAfter);
        using var next = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_fault_can_stall_a_route_without_failing_it()
    {
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/.well-known/jwks.json", delayMs = 400 })).Dispose();

        var watch = Stopwatch.StartNew();
        using var stalled = await Emulator.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, stalled.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_fault_matches_a_route_pattern_too()
    {
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/auth/login/password", status = 502 })).Dispose();

        using var failed = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });

        await Problem.AssertAsync(failed, HttpStatusCode.BadGateway, "INTERNAL");
    }

    [Fact]
    public async Task Deleting_faults_clears_them()
    {
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/.well-known/jwks.json", status = 500, count = 10 })).Dispose();

        using var deleted = await Emulator.SendAsync(HttpMethod.Delete, "/_emulator/faults", null);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var ok = await Emulator.GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Empty((await Emulator.GetJsonAsync("/_emulator/faults")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_fault_needs_a_path_and_a_status_or_delay()
    {
        using var response = await Emulator.PostAsync("/_emulator/faults", new { route = "v1/me", count = 0 });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("route", out _));
        Assert.True(errors.TryGetProperty("count", out _));
        Assert.True(errors.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task The_clock_moves_forward_only()
    {
        var before = Emulator.Clock.GetUtcNow();

        var moved = await Emulator.PostAsync("/_emulator/clock", new { advanceSeconds = 3600 });
        using var backwards = await Emulator.PostAsync("/_emulator/clock", new { advanceSeconds = -1 });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var state = await Emulator.GetJsonAsync("/_emulator/clock");
        Assert.Equal(3600, state.GetProperty("offsetSeconds").GetDouble());
        Assert.InRange(state.GetProperty("now").GetDateTimeOffset() - before, TimeSpan.FromHours(1), TimeSpan.FromHours(1.1));
        await Problem.AssertAsync(backwards, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Stats_count_calls_per_route_refreshes_and_revocations()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        await Emulator.GetJsonAsync("/v1/me/context", login.Access);
        await Emulator.GetJsonAsync("/v1/me/context", login.Access);
        var refreshed = await Tokens.ReadAsync(await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh }));
        (await Emulator.PostAsync("/v1/auth/logout", null, refreshed.Access)).Dispose();

        var stats = await Emulator.GetJsonAsync("/_emulator/stats");

        var calls = stats.GetProperty("calls");
        Assert.Equal(1, calls.GetProperty("POST /v1/auth/login/password").GetInt64());
        Assert.Equal(2, calls.GetProperty("GET /v1/me/context").GetInt64());
        Assert.Equal(1, calls.GetProperty("POST /v1/auth/refresh").GetInt64());
        Assert.False(calls.TryGetProperty("GET /_emulator/stats", out _));
        Assert.Equal(1, stats.GetProperty("refreshes").GetInt64());
        Assert.Equal(0, stats.GetProperty("reuseDetections").GetInt64());
        Assert.Equal(1, stats.GetProperty("revocations").GetInt64());
    }

    [Theory]
    [InlineData("GET", "/_emulator/outbox")]
    [InlineData("POST", "/_emulator/reset")]
    [InlineData("POST", "/_emulator/faults")]
    [InlineData("DELETE", "/_emulator/faults")]
    [InlineData("POST", "/_emulator/clock")]
    [InlineData("GET", "/_emulator/stats")]
    public async Task Control_routes_do_not_exist_outside_development_mode(string method, string route)
    {
        await using var production = await TestEmulator.StartAsync(o => o.DevelopmentMode = false);

        using var response = await production.SendAsync(new HttpMethod(method), route, method == "GET" || method == "DELETE" ? null : new { });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        await production.LoginAsync("viewer@acme.test");
    }
}
