using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class LogoutTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/auth/logout";

    [Fact]
    public async Task Ends_the_session_so_its_unexpired_access_token_is_refused()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh }, login.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var after = await Emulator.GetAsync("/v1/me/context", login.Access);
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        var session = await Emulator.WithDbAsync(db => db.Sessions.SingleAsync());
        Assert.Equal(RevokeReasons.Logout, session.RevokedReason);
    }

    [Fact]
    public async Task Answers_204_again_for_a_session_that_already_ended()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        (await Emulator.PostAsync(Route, null, login.Access)).Dispose();

        using var again = await Emulator.PostAsync(Route, null, login.Access);

        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var stats = await Emulator.GetJsonAsync("/_emulator/stats");
        Assert.Equal(1, stats.GetProperty("revocations").GetInt64());
    }

    [Fact]
    public async Task Works_with_an_expired_access_token()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(20));

        using var response = await Emulator.PostAsync(Route, null, login.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var refresh = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });
        await Problem.AssertAsync(refresh, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task Ends_the_session_of_the_refresh_token_when_no_bearer_is_sent()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route, new { refreshToken = login.Refresh });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var after = await Emulator.GetAsync("/v1/me/context", login.Access);
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task Leaves_the_other_sessions_of_the_user_alone()
    {
        var first = await Emulator.LoginAsync("viewer@acme.test");
        var second = await Emulator.LoginAsync("viewer@acme.test");

        (await Emulator.PostAsync(Route, null, first.Access)).Dispose();

        await Emulator.GetJsonAsync("/v1/me/context", second.Access);
    }

    [Fact]
    public async Task Needs_a_token_that_names_a_session()
    {
        using var none = await Emulator.PostAsync(Route, null);
        using var forged = await Emulator.PostAsync(Route, null, "eyJhbGciOiJub25lIn0.eyJzaWQiOiJzZXNfeCJ9.");

        await Problem.AssertAsync(none, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await Problem.AssertAsync(forged, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }
}
