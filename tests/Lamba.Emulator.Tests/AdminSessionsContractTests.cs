using System.Net;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class AdminSessionsContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/admin/sessions";

    [Fact]
    public async Task Lists_the_live_sessions_of_members_with_who_they_belong_to()
    {
        var support = await Emulator.ScopedAsync("support@acme.test");
        await Emulator.LoginAsync("viewer@acme.test");
        var loggedOut = await Emulator.LoginAsync("viewer@acme.test");
        using var logout = await Emulator.PostAsync("/v1/auth/logout", null, loggedOut.Access);

        var (items, nextCursor) = await Emulator.ListAsync(Route, support);

        Assert.Null(nextCursor);
        Assert.Equal(2, items.Length);
        var (viewerSession, ownSession) = (items[0], items[1]);
        Assert.Equal(SeedData.ViewerId, viewerSession.GetProperty("userId").GetString());
        Assert.Equal("viewer@acme.test", viewerSession.GetProperty("email").GetString());
        Assert.False(viewerSession.GetProperty("current").GetBoolean());
        Assert.Equal(SeedData.SupportId, ownSession.GetProperty("userId").GetString());
        Assert.True(ownSession.GetProperty("current").GetBoolean());
        Assert.Equal(SeedData.StorefrontId, ownSession.GetProperty("activeProject").GetProperty("id").GetString());
        foreach (var field in new[] { "id", "createdAt", "lastSeenAt", "userAgent", "ipAddress" })
        {
            Assert.True(viewerSession.TryGetProperty(field, out _), field);
        }

        var (filtered, _) = await Emulator.ListAsync(Route + "?userId=" + SeedData.ViewerId, support);
        Assert.Equal(SeedData.ViewerId, Assert.Single(filtered).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Leaves_out_sessions_of_non_members_and_sessions_inside_another_project()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        await Emulator.LoginAsync("support@acme.test");
        var adminInStorefront = await Emulator.ScopedAsync("admin@acme.test");
        var adminUnscoped = await Emulator.LoginAsync("admin@acme.test");

        var (items, _) = await Emulator.ListAsync(Route, owner);

        Assert.DoesNotContain(items, s => s.GetProperty("userId").GetString() == SeedData.SupportId);
        var adminSession = Assert.Single(items, s => s.GetProperty("userId").GetString() == SeedData.AdminId);
        var adminSessionIds = (await Emulator.ListAsync("/v1/me/sessions", adminUnscoped.Access)).Items.Select(s => s.GetProperty("id").GetString()).ToList();
        var scopedId = adminSessionIds.Single(id => id != adminSession.GetProperty("id").GetString());
        using var revokeElsewhere = await Emulator.DeleteAsync(Route + "/" + scopedId, owner);
        await Problem.AssertAsync(revokeElsewhere, HttpStatusCode.NotFound, "NOT_FOUND");
        await Emulator.GetJsonAsync("/v1/me/profile", adminInStorefront);
    }

    [Fact]
    public async Task Ends_a_members_session_and_records_who_did_it()
    {
        var support = await Emulator.ScopedAsync("support@acme.test");
        var viewer = await Emulator.LoginAsync("viewer@acme.test");
        var sessionId = (await Emulator.ListAsync(Route + "?userId=" + SeedData.ViewerId, support)).Items[0].GetProperty("id").GetString()!;

        using var response = await Emulator.DeleteAsync(Route + "/" + sessionId, support);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var call = await Emulator.GetAsync("/v1/me/profile", viewer.Access);
        await Problem.AssertAsync(call, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        using var refresh = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = viewer.Refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Empty((await Emulator.ListAsync(Route + "?userId=" + SeedData.ViewerId, support)).Items);
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var revoked = Assert.Single(await Emulator.AuditAsync(owner, "&action=session.revoked"));
        Assert.Equal(sessionId, revoked.GetProperty("target").GetString());
        Assert.Equal("support@acme.test", revoked.GetProperty("actor").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Answers_not_found_for_an_unknown_session()
    {
        var support = await Emulator.ScopedAsync("support@acme.test");

        using var response = await Emulator.DeleteAsync(Route + "/ses_unknown", support);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Pages_through_member_sessions()
    {
        var support = await Emulator.ScopedAsync("support@acme.test");
        for (var i = 0; i < 4; i++)
        {
            await Emulator.LoginAsync("viewer@acme.test");
        }

        var all = await Emulator.AllPagesAsync(Route, support, limit: 2);

        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(s => s.GetProperty("id").GetString()).Distinct().Count());
        using var badLimit = await Emulator.GetAsync(Route + "?limit=0", support);
        await Problem.AssertAsync(badLimit, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Stops_listing_a_session_whose_refresh_token_has_expired()
    {
        await Emulator.LoginAsync("viewer@acme.test");
        await Emulator.AdvanceClockAsync(TimeSpan.FromDays(31));
        var support = await Emulator.ScopedAsync("support@acme.test");

        var (items, _) = await Emulator.ListAsync(Route, support);

        Assert.Equal(SeedData.SupportId, Assert.Single(items).GetProperty("userId").GetString());
    }
}
