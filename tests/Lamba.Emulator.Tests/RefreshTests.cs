using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class RefreshTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/auth/refresh";
    private static readonly string[] LosingCodes = ["REFRESH_TOKEN_REUSED", "SESSION_REVOKED"];

    [Fact]
    public async Task Rotates_the_refresh_token_and_issues_a_working_access_token()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = await Tokens.ReadAsync(response);
        Assert.NotEqual(login.Refresh, rotated.Refresh);
        Assert.NotEqual(login.Access, rotated.Access);
        await Emulator.GetJsonAsync("/v1/me/context", rotated.Access);
        using var next = await Emulator.PostAsync(Route, new { refreshToken = rotated.Refresh });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Treats_a_second_use_of_a_rotated_token_as_theft_and_ends_the_session()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        using var first = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });
        var rotated = await Tokens.ReadAsync(first);

        using var reuse = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });

        await Problem.AssertAsync(reuse, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_REUSED");
        using var accessAfter = await Emulator.GetAsync("/v1/me/context", rotated.Access);
        await Problem.AssertAsync(accessAfter, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        using var childAfter = await Emulator.PostAsync(Route, new { refreshToken = rotated.Refresh });
        await Problem.AssertAsync(childAfter, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        var stats = await Emulator.GetJsonAsync("/_emulator/stats");
        Assert.Equal(1, stats.GetProperty("reuseDetections").GetInt64());
        Assert.Equal(1, stats.GetProperty("revocations").GetInt64());
    }

    [Fact]
    public async Task Lets_exactly_one_of_64_parallel_refreshes_of_one_token_win()
    {
        // Open 64 connections first, so the refreshes arrive together instead of one handshake apart.
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ => (await Emulator.GetAsync("/.well-known/jwks.json")).Dispose()));
        const int rounds = 3;
        var reused = 0;
        for (var round = 0; round < rounds; round++)
        {
            var login = await Emulator.LoginAsync("viewer@acme.test");
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = Enumerable.Range(0, 64).Select(async _ =>
            {
                await go.Task;
                using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });
                return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
            }).ToList();
            go.SetResult();
            var responses = await Task.WhenAll(racers);

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
            {
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
                Assert.Contains(r.Body.GetProperty("errorCode").GetString(), LosingCodes);
            });
            reused += responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized && r.Body.GetProperty("errorCode").GetString() == "REFRESH_TOKEN_REUSED");
        }

        var stats = await Emulator.GetJsonAsync("/_emulator/stats");
        Assert.Equal(rounds, stats.GetProperty("refreshes").GetInt64());
        Assert.Equal(rounds * 64, stats.GetProperty("calls").GetProperty("POST /v1/auth/refresh").GetInt64());
        Assert.Equal(reused, stats.GetProperty("reuseDetections").GetInt64());
        Assert.Equal(rounds, stats.GetProperty("revocations").GetInt64());
    }

    [Fact]
    public async Task Keeps_the_active_context_of_the_session()
    {
        var login = await Emulator.LoginAsync("admin@acme.test");
        var switched = await Emulator.SwitchAsync(login.Access);

        using var response = await Emulator.PostAsync(Route, new { refreshToken = switched.Refresh });
        var refreshed = await Tokens.ReadAsync(response);

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", refreshed.Access);
        Assert.Equal(SeedData.StorefrontId, authorization.GetProperty("projectId").GetString());
        Assert.Equal(["admin"], authorization.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Rejects_a_token_it_never_issued()
    {
        using var response = await Emulator.PostAsync(Route, new { refreshToken = "not-a-token" });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_INVALID");
    }

    [Fact]
    public async Task Asks_for_the_refresh_token()
    {
        using var response = await Emulator.PostAsync(Route, new { });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task Rejects_a_refresh_token_after_thirty_days()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        await Emulator.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Refuses_the_refresh_token_of_a_logged_out_session()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        (await Emulator.PostAsync("/v1/auth/logout", null, login.Access)).Dispose();

        using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task Answers_a_late_duplicate_of_the_parent_with_the_current_pair_within_the_grace_window()
    {
        await using var lenient = await TestEmulator.StartAsync(o => o.RefreshReuseGraceSeconds = 30);
        var login = await lenient.LoginAsync("viewer@acme.test");
        using var first = await lenient.PostAsync(Route, new { refreshToken = login.Refresh });
        var current = await Tokens.ReadAsync(first);

        using var duplicate = await lenient.PostAsync(Route, new { refreshToken = login.Refresh });

        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var again = await Tokens.ReadAsync(duplicate);
        Assert.Equal(current.Refresh, again.Refresh);
        await lenient.GetJsonAsync("/v1/me/context", again.Access);
        await lenient.GetJsonAsync("/v1/me/context", current.Access);
    }

    [Fact]
    public async Task Still_detects_reuse_after_the_grace_window_or_beyond_the_immediate_parent()
    {
        await using var lenient = await TestEmulator.StartAsync(o => o.RefreshReuseGraceSeconds = 30);
        var login = await lenient.LoginAsync("viewer@acme.test");
        var second = await Tokens.ReadAsync(await lenient.PostAsync(Route, new { refreshToken = login.Refresh }));
        (await lenient.PostAsync(Route, new { refreshToken = second.Refresh })).Dispose();

        // login.Refresh is now a grandparent: its child was rotated too.
        using var grandparent = await lenient.PostAsync(Route, new { refreshToken = login.Refresh });
        await Problem.AssertAsync(grandparent, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_REUSED");

        var other = await lenient.LoginAsync("admin@acme.test");
        (await lenient.PostAsync(Route, new { refreshToken = other.Refresh })).Dispose();
        await lenient.AdvanceClockAsync(TimeSpan.FromSeconds(31));
        using var late = await lenient.PostAsync(Route, new { refreshToken = other.Refresh });
        await Problem.AssertAsync(late, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_REUSED");
    }

    [Fact]
    public async Task Lets_every_parallel_duplicate_succeed_with_the_same_pair_in_grace_mode()
    {
        await using var lenient = await TestEmulator.StartAsync(o => o.RefreshReuseGraceSeconds = 30);
        var login = await lenient.LoginAsync("viewer@acme.test");

        var refreshTokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await lenient.PostAsync(Route, new { refreshToken = login.Refresh });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await Tokens.ReadAsync(response)).Refresh;
        }));

        Assert.Single(refreshTokens.Distinct());
        var stats = await lenient.GetJsonAsync("/_emulator/stats");
        Assert.Equal(1, stats.GetProperty("refreshes").GetInt64());
        Assert.Equal(0, stats.GetProperty("revocations").GetInt64());
    }
}
