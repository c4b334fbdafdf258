using System.Net;
using System.Text.Json;

namespace Lamba.Emulator.Tests;

/// <summary>Contract details clients rely on that the emulator used to get wrong (issue 13, "fidelity gaps").</summary>
public sealed class FidelityContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private static readonly string[] Viewer = ["viewer"];

    [Fact]
    public async Task The_refresh_grace_window_is_measured_on_the_emulator_clock()
    {
        await using var lenient = await TestEmulator.StartAsync(o => o.RefreshReuseGraceSeconds = 30);
        var login = await lenient.LoginAsync("viewer@acme.test");
        var current = await Tokens.ReadAsync(await lenient.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh }));

        await lenient.AdvanceClockAsync(TimeSpan.FromSeconds(25));
        using var insideWindow = await lenient.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });
        Assert.Equal(current.Refresh, (await Tokens.ReadAsync(insideWindow)).Refresh);

        await lenient.AdvanceClockAsync(TimeSpan.FromSeconds(10));
        using var pastWindow = await lenient.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });
        await Problem.AssertAsync(pastWindow, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_REUSED");
    }

    [Fact]
    public async Task My_memberships_come_in_pages_that_follow_the_cursor()
    {
        var owner = await Emulator.LoginAsync("owner@acme.test");

        var all = await Emulator.GetJsonAsync("/v1/me/memberships", owner.Access);
        var pages = await ReadAllPagesAsync("/v1/me/memberships", owner.Access, item => item.GetProperty("project").GetProperty("id").GetString()!);

        Assert.True(all.GetProperty("items").GetArrayLength() >= 2);
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("project").GetProperty("id").GetString()!), pages);
    }

    [Theory]
    [InlineData("/v1/admin/roles")]
    [InlineData("/v1/admin/permissions")]
    public async Task Roles_and_permissions_come_in_pages_that_follow_the_cursor(string path)
    {
        var admin = await Emulator.SwitchAsync((await Emulator.LoginAsync("admin@acme.test")).Access);

        var all = await Emulator.GetJsonAsync(path, admin.Access);
        var pages = await ReadAllPagesAsync(path, admin.Access, item => item.GetProperty("key").GetString()!);

        Assert.True(all.GetProperty("items").GetArrayLength() >= 2);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!), pages);
    }

    [Theory]
    [InlineData("/v1/me/memberships?limit=0")]
    [InlineData("/v1/me/memberships?limit=101")]
    [InlineData("/v1/me/memberships?cursor=bm90LWEta2V5")]
    public async Task A_bad_limit_or_cursor_is_a_validation_error(string path)
    {
        var owner = await Emulator.LoginAsync("owner@acme.test");

        using var response = await Emulator.GetAsync(path, owner.Access);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task An_injected_402_says_which_plan_limit_was_hit()
    {
        var admin = await Emulator.SwitchAsync((await Emulator.LoginAsync("admin@acme.test")).Access);
        using var added = await Emulator.PostAsync("/_emulator/faults", new { route = "POST /v1/admin/invitations", status = 402, limit = "members", allowed = 3, current = 3, plan = "starter" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using var response = await Emulator.PostAsync("/v1/admin/invitations", new { email = "new@example.test", roleKeys = Viewer }, admin.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.PaymentRequired, "PLAN_LIMIT_EXCEEDED");
        Assert.Equal("members", problem.GetProperty("limit").GetString());
        Assert.Equal(3, problem.GetProperty("allowed").GetInt64());
        Assert.Equal(3, problem.GetProperty("current").GetInt64());
        Assert.Equal("starter", problem.GetProperty("plan").GetString());
    }

    [Fact]
    public async Task An_injected_402_without_details_still_carries_every_plan_limit_field()
    {
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/auth/register", status = 402 })).Dispose();

        using var response = await Emulator.PostAsync("/v1/auth/register", new { email = "x@example.test", password = "long-enough-1" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.PaymentRequired, "PLAN_LIMIT_EXCEEDED");
        Assert.All(["limit", "allowed", "current", "plan"], name => Assert.True(problem.TryGetProperty(name, out _), name));
    }

    [Fact]
    public async Task An_injected_423_carries_retry_after()
    {
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/auth/login/password", status = 423, retryAfterSeconds = 120 })).Dispose();
        (await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/auth/login/password", status = 423 })).Dispose();

        using var chosen = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        using var defaulted = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });

        await Problem.AssertAsync(chosen, HttpStatusCode.Locked, "ACCOUNT_LOCKED");
        Assert.Equal(TimeSpan.FromSeconds(120), chosen.Headers.RetryAfter?.Delta);
        await Problem.AssertAsync(defaulted, HttpStatusCode.Locked, "ACCOUNT_LOCKED");
        Assert.Equal(TimeSpan.FromSeconds(60), defaulted.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Plan_limit_fields_need_a_402()
    {
        using var response = await Emulator.PostAsync("/_emulator/faults", new { route = "/v1/auth/register", status = 500, plan = "free", retryAfterSeconds = 5 });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("retryAfterSeconds", out _));
    }

    private async Task<List<string>> ReadAllPagesAsync(string path, string bearer, Func<JsonElement, string> key)
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Emulator.GetJsonAsync($"{path}?limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), bearer);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 1);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(key));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 50);

        Assert.True(pages > 1, "one item per page should take more than one page");
        return seen;
    }
}
