using System.Net;
using System.Net.Http.Json;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lamba.Emulator.Tests.Oidc;

/// <summary>The OIDC provider, driven by a certified client library (Duende OidcClient) the way an app would.</summary>
public sealed class OidcContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private static readonly string[] HttpOnTheInternet = ["http://example.com/cb"];
    private static readonly string[] HttpsOnTheInternet = ["https://spa.example/cb"];

    [Fact]
    public async Task Discovery_names_the_endpoints_the_jwks_and_pkce_s256()
    {
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(Emulator.Running.BaseAddress.ToString().TrimEnd('/'));

        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal(Emulator.Running.BaseAddress.ToString().TrimEnd('/'), discovery.Issuer);
        Assert.EndsWith("/connect/authorize", discovery.AuthorizeEndpoint, StringComparison.Ordinal);
        Assert.EndsWith("/connect/token", discovery.TokenEndpoint, StringComparison.Ordinal);
        Assert.EndsWith("/connect/endsession", discovery.EndSessionEndpoint, StringComparison.Ordinal);
        Assert.Equal(["S256"], discovery.CodeChallengeMethodsSupported);
        Assert.Contains(discovery.KeySet!.Keys, key => key.Alg == "ES256" && key.Kty == "EC");
    }

    [Fact]
    public async Task A_public_client_signs_in_on_the_hosted_page_and_gets_a_session_that_switch_context_accepts()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser);
        // OidcClient relies on PKCE and sends no nonce of its own; a web app's handler does, so one is added here.
        var state = await client.PrepareLoginAsync(new Duende.IdentityModel.Client.Parameters { { "nonce", "nonce-8f2c" } });

        var redirect = await browser.InvokeAsync(new BrowserOptions(state.StartUrl, OidcClients.PortalRedirect));
        var result = await client.ProcessResponseAsync(redirect.Response, state);

        Assert.False(result.IsError, result.Error);
        Assert.Equal(SeedData.ViewerId, result.Claim("sub"));
        Assert.Equal("viewer@acme.test", result.Claim("email"));
        Assert.Equal("nonce-8f2c", new JsonWebToken(result.IdentityToken).GetPayloadValue<string>("nonce"));
        Assert.Contains("state=", redirect.Response, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(result.RefreshToken));
        var switched = await Emulator.SwitchAsync(result.AccessToken);
        var context = await Emulator.GetJsonAsync("/v1/me/context", switched.Access);
        Assert.Equal(SeedData.StorefrontId, context.GetProperty("activeProject").GetProperty("id").GetString());
        var session = await Emulator.WithDbAsync(db => Task.FromResult(db.Sessions.Single()));
        Assert.Equal("oidc", session.Method);
        Assert.Equal(session.Id, result.Claim("sid"));
    }

    [Fact]
    public async Task The_mfa_user_is_asked_for_the_authenticator_code_before_the_code_is_issued()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress) { Login = "mfa@acme.test", Code = () => Arrange.TotpNow(Emulator) };
        var client = OidcClients.For(Emulator, browser);

        var result = await client.LoginAsync();

        Assert.False(result.IsError, result.Error);
        Assert.Equal(SeedData.MfaId, result.Claim("sub"));
        Assert.Contains(result.User.FindAll("amr"), claim => claim.Value == "otp");
        Assert.Contains("Two-step verification", browser.Pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_keeps_the_user_on_the_code_step_with_an_error_linked_to_the_field()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress) { Login = "mfa@acme.test", Code = () => "000000" };
        var client = OidcClients.For(Emulator, browser);

        var result = await client.LoginAsync();

        Assert.True(result.IsError);
        var page = browser.Pages[^1];
        Assert.Contains("<a href=\"#code\">That code is not valid", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.Null(browser.LastRedirect);
    }

    [Fact]
    public async Task A_wrong_password_gives_one_message_keeps_the_login_and_never_echoes_the_password()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress) { Password = "Wrong-password-123" };
        var client = OidcClients.For(Emulator, browser);

        var result = await client.LoginAsync();

        Assert.True(result.IsError);
        var page = browser.Pages[^1];
        Assert.Contains("The email, username or password is incorrect.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"viewer@acme.test\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-password-123", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", page, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", page, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_shown_an_error_and_never_redirected()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser, redirectUri: "https://evil.example/signin-oidc");
        var state = await client.PrepareLoginAsync();

        using var response = await browser.GetAsync(state.StartUrl);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("has not registered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:51234/signin-oidc", true)]
    [InlineData("http://localhost:8080/signin-oidc", true)]
    [InlineData("http://[::1]:9000/signin-oidc", true)]
    [InlineData("http://127.0.0.1:51234/signin-oidc-other", false)]
    [InlineData("http://127.0.0.1:51234/signin-oidc?next=x", false)]
    [InlineData("http://192.168.1.10:51234/signin-oidc", false)]
    public async Task The_portal_client_may_return_to_signin_oidc_on_any_loopback_port_only(string redirectUri, bool allowed)
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var state = await OidcClients.For(Emulator, browser, redirectUri: redirectUri).PrepareLoginAsync();

        using var response = await browser.GetAsync(state.StartUrl);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_pkce_goes_back_to_the_client_as_invalid_request_with_its_state()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var url = new RequestUrl(Emulator.Running.BaseAddress + "connect/authorize").CreateAuthorizeUrl(
            clientId: "app_lambapages", responseType: "code", scope: "openid", redirectUri: OidcClients.PortalRedirect, state: "st-123", nonce: "n-1");

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var answer = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.StartsWith(OidcClients.PortalRedirect, response.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", answer["error"].ToString());
        Assert.Equal("st-123", answer["state"].ToString());
    }

    [Fact]
    public async Task A_replayed_code_is_refused_and_revokes_the_tokens_the_first_redemption_got()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser);
        var state = await client.PrepareLoginAsync();
        var redirect = await browser.InvokeAsync(new BrowserOptions(state.StartUrl, OidcClients.PortalRedirect));
        var result = await client.ProcessResponseAsync(redirect.Response, state);
        Assert.False(result.IsError, result.Error);
        var code = QueryHelpers.ParseQuery(new Uri(redirect.Response).Query)["code"].ToString();

        using var http = new HttpClient();
        var replay = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = Emulator.Running.BaseAddress + "connect/token",
            ClientId = "app_lambapages",
            Code = code,
            RedirectUri = OidcClients.PortalRedirect,
            CodeVerifier = state.CodeVerifier,
        });

        Assert.True(replay.IsError);
        Assert.Equal("invalid_grant", replay.Error);
        using var after = await Emulator.GetAsync("/v1/me/context", result.AccessToken);
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task A_code_is_refused_with_the_wrong_verifier_and_after_60_seconds_on_the_emulator_clock()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser);
        using var http = new HttpClient();

        async Task<(string Code, AuthorizeState State)> CodeAsync()
        {
            var state = await client.PrepareLoginAsync();
            var redirect = await browser.InvokeAsync(new BrowserOptions(state.StartUrl, OidcClients.PortalRedirect));
            return (QueryHelpers.ParseQuery(new Uri(redirect.Response).Query)["code"].ToString(), state);
        }

        Task<TokenResponse> RedeemAsync(string code, string verifier) => http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = Emulator.Running.BaseAddress + "connect/token",
            ClientId = "app_lambapages",
            Code = code,
            RedirectUri = OidcClients.PortalRedirect,
            CodeVerifier = verifier,
        });

        var first = await CodeAsync();
        var wrongVerifier = await RedeemAsync(first.Code, new string('a', 43));
        var second = await CodeAsync();
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        var expired = await RedeemAsync(second.Code, second.State.CodeVerifier);

        Assert.Equal("invalid_grant", wrongVerifier.Error);
        Assert.Equal("invalid_grant", expired.Error);
        Assert.Contains("expired", expired.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_rotates_and_a_reused_refresh_token_ends_the_session_as_on_the_auth_api()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser);
        var login = await client.LoginAsync();

        var rotated = await client.RefreshTokenAsync(login.RefreshToken);
        var reused = await client.RefreshTokenAsync(login.RefreshToken);

        Assert.False(rotated.IsError, rotated.Error);
        Assert.NotEqual(login.RefreshToken, rotated.RefreshToken);
        Assert.True(reused.IsError);
        Assert.Equal("invalid_grant", reused.Error);
        using var after = await Emulator.GetAsync("/v1/me/context", rotated.AccessToken);
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        var stats = await Emulator.GetJsonAsync("/_emulator/stats");
        Assert.Equal(1, stats.GetProperty("reuseDetections").GetInt64());
    }

    [Fact]
    public async Task Only_the_client_a_session_was_issued_to_can_refresh_it_and_a_refused_client_costs_the_owner_nothing()
    {
        using (var other = await Emulator.PostAsync("/_emulator/app-clients", new { id = "app_other", redirectUris = HttpsOnTheInternet }))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var login = await OidcClients.For(Emulator, browser).LoginAsync();
        var direct = await Emulator.LoginAsync("owner@acme.test");
        using var http = new HttpClient();
        Task<TokenResponse> RefreshAs(string clientId, string refreshToken) => http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = Emulator.Running.BaseAddress + "connect/token",
            ClientId = clientId,
            RefreshToken = refreshToken,
        });

        var byOtherClient = await RefreshAs("app_other", login.RefreshToken);
        var directSessionByClient = await RefreshAs("app_lambapages", direct.Refresh);
        var byOwner = await RefreshAs("app_lambapages", login.RefreshToken);

        Assert.Equal("invalid_grant", byOtherClient.Error);
        Assert.Equal("invalid_grant", directSessionByClient.Error);
        Assert.False(byOwner.IsError, byOwner.Error);
        var stats = await Emulator.GetJsonAsync("/_emulator/stats");
        Assert.Equal(0, stats.GetProperty("reuseDetections").GetInt64());
        using var refreshedDirectly = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = direct.Refresh });
        Assert.Equal(HttpStatusCode.OK, refreshedDirectly.StatusCode);
    }

    [Fact]
    public async Task The_hosted_session_signs_the_browser_in_again_without_a_password_until_endsession_ends_it()
    {
        using var browser = new HostedPageBrowser(Emulator.Running.BaseAddress);
        var client = OidcClients.For(Emulator, browser);
        var first = await client.LoginAsync();
        browser.Password = "not-typed-again";
        var second = await client.LoginAsync();
        Assert.False(second.IsError, second.Error);

        var logout = await client.PrepareLogoutAsync(new LogoutRequest { IdTokenHint = second.IdentityToken, State = "bye-1" });
        using var ended = await browser.GetAsync(logout);

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("http://127.0.0.1:7345/signout-callback-oidc?state=bye-1", ended.Headers.Location!.ToString());
        using var revoked = await Emulator.GetAsync("/v1/me/context", second.AccessToken);
        await Problem.AssertAsync(revoked, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        using var stillOpen = await Emulator.GetAsync("/v1/me/context", first.AccessToken);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        var third = await client.LoginAsync();
        Assert.True(third.IsError);
        Assert.Contains("The email, username or password is incorrect.", browser.Pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_credentials_give_a_management_token_for_admin_routes_of_that_context_only()
    {
        using (var created = await Emulator.PostAsync("/_emulator/app-clients", new { id = "app_backend", secret = "a-long-enough-secret-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var http = new HttpClient();
        var request = new ClientCredentialsTokenRequest
        {
            Address = Emulator.Running.BaseAddress + "connect/token",
            ClientId = "app_backend",
            ClientSecret = "a-long-enough-secret-1",
            Parameters = { { "workspaceId", SeedData.WorkspaceId }, { "projectId", SeedData.BackOfficeId }, { "environment", "test" } },
        };
        var token = await http.RequestClientCredentialsTokenAsync(request);
        Assert.False(token.IsError, token.Error);

        var members = await Emulator.GetJsonAsync("/v1/admin/members", token.AccessToken);
        Assert.All(members.GetProperty("items").EnumerateArray(), m => Assert.NotEqual("support@acme.test", m.GetProperty("email").GetString()));
        Assert.Contains(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("email").GetString() == "owner@acme.test");
        using var me = await Emulator.GetAsync("/v1/me/context", token.AccessToken);
        await Problem.AssertAsync(me, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        request.ClientSecret = "a-wrong-secret-of-length";
        var wrongSecret = await http.RequestClientCredentialsTokenAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.HttpStatusCode);
        Assert.Contains("\"invalid_client\"", wrongSecret.Raw, StringComparison.Ordinal);
        var publicClient = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = Emulator.Running.BaseAddress + "connect/token",
            ClientId = "app_lambapages",
            Parameters = { { "workspaceId", SeedData.WorkspaceId }, { "projectId", SeedData.StorefrontId }, { "environment", "test" } },
        });
        Assert.Equal("unauthorized_client", publicClient.Error);
    }

    [Fact]
    public async Task App_clients_are_listed_without_secrets_and_bad_redirects_are_refused_field_by_field()
    {
        using var bad = await Emulator.PostAsync("/_emulator/app-clients", new { id = "app_bad", redirectUris = HttpOnTheInternet });
        var problem = await Problem.AssertAsync(bad, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("redirectUris", out _));
        using var good = await Emulator.PostAsync("/_emulator/app-clients", new { id = "app_spa", redirectUris = HttpsOnTheInternet, secret = "a-long-enough-secret-2" });
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);

        var list = await Emulator.GetAsync("/_emulator/app-clients");
        var text = await list.Content.ReadAsStringAsync();

        Assert.Contains("app_lambapages", text, StringComparison.Ordinal);
        Assert.Contains("\"confidential\":true", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-enough-secret-2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secretHash", text, StringComparison.Ordinal);
    }
}
