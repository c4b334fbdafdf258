using System.Net;
using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class SessionsContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/me/sessions";

    [Fact]
    public async Task Lists_the_callers_live_sessions_newest_first_marking_the_current_one()
    {
        var first = await Emulator.LoginAsync("viewer@acme.test");
        var second = await Emulator.SwitchAsync((await Emulator.LoginAsync("viewer@acme.test")).Access);
        await Emulator.LoginAsync("support@acme.test");

        var (items, nextCursor) = await Emulator.ListAsync(Route, first.Access);

        Assert.Null(nextCursor);
        Assert.Equal(2, items.Length);
        var (newest, oldest) = (items[0], items[1]);
        Assert.True(string.CompareOrdinal(newest.GetProperty("id").GetString(), oldest.GetProperty("id").GetString()) > 0);
        Assert.False(newest.GetProperty("current").GetBoolean());
        Assert.True(oldest.GetProperty("current").GetBoolean());
        Assert.Equal(JsonValueKind.Null, oldest.GetProperty("activeProject").ValueKind);
        var project = newest.GetProperty("activeProject");
        Assert.Equal(SeedData.StorefrontId, project.GetProperty("id").GetString());
        Assert.Equal("Storefront", project.GetProperty("name").GetString());
        Assert.Equal("test", project.GetProperty("environment").GetString());
        Assert.StartsWith("ses_", oldest.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", oldest.GetProperty("ipAddress").GetString());
        foreach (var field in new[] { "createdAt", "lastSeenAt", "userAgent" })
        {
            Assert.True(oldest.TryGetProperty(field, out _), field);
        }

        Assert.True((await Emulator.ListAsync(Route, second.Access)).Items[0].GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task Records_the_user_agent_a_session_was_opened_with()
    {
        using var login = await Emulator.SendAsync(
            HttpMethod.Post,
            "/v1/auth/login/password",
            new { login = "viewer@acme.test", password = TestEmulator.Password },
            tweak: request => request.Headers.UserAgent.ParseAdd("SessionsTest/1.0"));
        var tokens = await Tokens.ReadAsync(login);

        var session = Assert.Single((await Emulator.ListAsync(Route, tokens.Access)).Items);

        Assert.Equal("SessionsTest/1.0", session.GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task Records_the_visitor_address_a_loopback_portal_forwards()
    {
        using var login = await Emulator.SendAsync(
            HttpMethod.Post,
            "/v1/auth/login/password",
            new { login = "viewer@acme.test", password = TestEmulator.Password },
            tweak: request => request.Headers.Add("X-Forwarded-For", "203.0.113.7"));
        var tokens = await Tokens.ReadAsync(login);

        var session = Assert.Single((await Emulator.ListAsync(Route, tokens.Access)).Items);

        Assert.Equal("203.0.113.7", session.GetProperty("ipAddress").GetString());
    }

    [Fact]
    public async Task Leaves_ended_sessions_out_of_the_list()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        var loggedOut = await Emulator.LoginAsync("viewer@acme.test");
        using var logout = await Emulator.PostAsync("/v1/auth/logout", null, loggedOut.Access);

        var session = Assert.Single((await Emulator.ListAsync(Route, current.Access)).Items);

        Assert.True(session.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task Ends_one_of_the_callers_other_sessions()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        var other = await Emulator.LoginAsync("viewer@acme.test");
        var otherId = (await Emulator.ListAsync(Route, other.Access)).Items.Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        using var response = await Emulator.DeleteAsync(Route + "/" + otherId, current.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var otherCall = await Emulator.GetAsync("/v1/me/profile", other.Access);
        await Problem.AssertAsync(otherCall, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        Assert.Single((await Emulator.ListAsync(Route, current.Access)).Items);
        using var again = await Emulator.DeleteAsync(Route + "/" + otherId, current.Access);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task Answers_not_found_for_a_session_of_someone_else_and_leaves_it_alone()
    {
        var viewer = await Emulator.LoginAsync("viewer@acme.test");
        var support = await Emulator.LoginAsync("support@acme.test");
        var supportSession = (await Emulator.ListAsync(Route, support.Access)).Items[0].GetProperty("id").GetString()!;

        using var theirs = await Emulator.DeleteAsync(Route + "/" + supportSession, viewer.Access);
        using var unknown = await Emulator.DeleteAsync(Route + "/ses_doesnotexist", viewer.Access);

        await Problem.AssertAsync(theirs, HttpStatusCode.NotFound, "NOT_FOUND");
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        await Emulator.GetJsonAsync("/v1/me/profile", support.Access);
    }

    [Fact]
    public async Task Ends_every_session_but_the_current_one()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        var others = new[] { await Emulator.LoginAsync("viewer@acme.test"), await Emulator.LoginAsync("viewer@acme.test") };
        var someoneElse = await Emulator.LoginAsync("support@acme.test");

        using var response = await Emulator.DeleteAsync(Route, current.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("X-Lamba-Sessions-Ended")));
        foreach (var other in others)
        {
            using var call = await Emulator.GetAsync("/v1/me/profile", other.Access);
            await Problem.AssertAsync(call, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        }

        Assert.Single((await Emulator.ListAsync(Route, current.Access)).Items);
        await Emulator.GetJsonAsync("/v1/me/profile", someoneElse.Access);
    }

    [Fact]
    public async Task Pages_through_sessions_with_limit_and_cursor()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        for (var i = 0; i < 4; i++)
        {
            await Emulator.LoginAsync("viewer@acme.test");
        }

        var (firstPage, cursor) = await Emulator.ListAsync(Route + "?limit=2", current.Access);
        Assert.Equal(2, firstPage.Length);
        Assert.NotNull(cursor);

        var all = await Emulator.AllPagesAsync(Route, current.Access, limit: 2);

        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(s => s.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(all.Select(s => s.GetProperty("id").GetString()).OrderDescending(StringComparer.Ordinal), all.Select(s => s.GetProperty("id").GetString()));
        Assert.Null((await Emulator.ListAsync(Route + "?limit=5", current.Access)).NextCursor);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?cursor=not*base64", "cursor")]
    public async Task Rejects_a_limit_out_of_range_and_a_cursor_it_did_not_issue(string query, string field)
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.GetAsync(Route + query, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Rejects_a_cursor_from_another_kind_of_list()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.GetAsync(Route + "?cursor=" + Paging.EncodeCursor("evt_01hzzzzzzzzzzzzzzzzzzzzzzz"), tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Lists_no_linked_identities_for_a_password_user()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        var (items, nextCursor) = await Emulator.ListAsync("/v1/me/linked-identities", tokens.Access);

        Assert.Empty(items);
        Assert.Null(nextCursor);
    }

    [Fact]
    public async Task Lists_the_callers_linked_identities_and_no_one_elses()
    {
        var linkedAt = Emulator.Clock.GetUtcNow();
        await Emulator.WithDbAsync(async db =>
        {
            db.LinkedIdentities.AddRange(
                new LinkedIdentity { Id = Ids.New("lid"), UserId = SeedData.ViewerId, Provider = "google", Subject = "g-123", Email = "vera@gmail.test", LinkedAt = linkedAt },
                new LinkedIdentity { Id = Ids.New("lid"), UserId = SeedData.ViewerId, Provider = "github", Subject = "gh-9", LinkedAt = linkedAt },
                new LinkedIdentity { Id = Ids.New("lid"), UserId = SeedData.SupportId, Provider = "google", Subject = "g-456", LinkedAt = linkedAt });
            await db.SaveChangesAsync();
        });
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        var (firstPage, cursor) = await Emulator.ListAsync("/v1/me/linked-identities?limit=1", tokens.Access);
        var (secondPage, end) = await Emulator.ListAsync("/v1/me/linked-identities?limit=1&cursor=" + cursor, tokens.Access);

        var google = Assert.Single(firstPage);
        Assert.Equal(["email", "linkedAt", "provider", "subject"], google.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("google", google.GetProperty("provider").GetString());
        Assert.Equal("g-123", google.GetProperty("subject").GetString());
        Assert.Equal("vera@gmail.test", google.GetProperty("email").GetString());
        Assert.Equal("github", Assert.Single(secondPage).GetProperty("provider").GetString());
        Assert.Null(end);
    }
}
