using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.MagicLink;
using LambaPages.Features.Phone;
using LambaPages.Features.Register;
using LambaPages.Features.SwitchContext;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.SignInMethods;

/// <summary>Each new sign-in slice through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class SliceTests
{
    private static readonly Uri ContinueUrl = new("https://portal.example.test/MagicLink/Continue");

    [Fact]
    public async Task Registers_a_new_user_by_the_emailed_link_and_enters_the_configured_context()
    {
        await using var host = await PortalHost.StartAsync();
        var email = Emulator.NewEmail();

        var asked = await host.SendAsync(new RegisterCommand { Email = $"  {email} ", Password = "correct horse battery", DisplayName = "Ada" });
        var result = await host.SendAsync(new VerifyRegistrationCommand(await SignUpLink.TokenAsync(host, email)));

        Assert.Equal(RegisterStatus.CheckEmail, asked.Status);
        Assert.Null(asked.Tokens);
        Assert.Equal(RegisterStatus.Registered, result.Status);
        var context = await host.ContextOfAsync(result.Tokens!.AccessToken);
        Assert.Equal(email, context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Ada", context.GetProperty("user").GetProperty("displayName").GetString());
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
        Assert.Equal("test", context.GetProperty("activeProject").GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Answers_a_taken_email_as_a_new_one_and_never_says_it_is_taken()
    {
        await using var host = await PortalHost.StartAsync();

        var result = await host.SendAsync(new RegisterCommand { Email = "owner@acme.test", Password = "correct horse battery" });

        Assert.Equal(RegisterStatus.CheckEmail, result.Status);
        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task Reports_a_taken_username_against_the_username_field()
    {
        await using var host = await PortalHost.StartAsync();
        await LambaPages.Tests.Me.MeArrange.RegisterAsync(host, username: "ada.l");

        var result = await host.SendAsync(new RegisterCommand { Email = Emulator.NewEmail(), Password = "correct horse battery", Username = "ada.l" });

        Assert.Equal(RegisterStatus.Rejected, result.Status);
        Assert.Equal([RegisterMessages.UsernameTaken], result.Errors![nameof(RegisterCommand.Username)]);
    }

    [Fact]
    public async Task Says_registration_is_disabled_when_lamba_refuses_public_sign_up()
    {
        await using var host = await PortalHost.StartAsync(o => o.RegistrationOpen = false);

        var result = await host.SendAsync(new RegisterCommand { Email = Emulator.NewEmail(), Password = "correct horse battery" });

        Assert.Equal(RegisterStatus.Disabled, result.Status);
        Assert.Null(result.Tokens);
    }

    [Fact]
    public async Task Sends_the_invitation_token_so_lamba_adds_the_invited_membership()
    {
        await using var host = await PortalHost.StartAsync();
        var email = Emulator.NewEmail("invitee");
        var token = await InviteAsync(host, email, "prj_backoffice", "test", "support");

        var result = await host.SendAsync(new RegisterCommand { Email = email, Password = "correct horse battery", InvitationToken = token });

        Assert.Equal(RegisterStatus.Registered, result.Status);
        var memberships = await MembershipsOfAsync(host, result.Tokens!.AccessToken);
        Assert.Contains(memberships, m => m.Project == "prj_backoffice" && m.Roles.Contains("support"));
    }

    [Fact]
    public async Task Reports_an_unusable_invitation_without_creating_a_session()
    {
        await using var host = await PortalHost.StartAsync();

        var result = await host.SendAsync(new RegisterCommand
        {
            Email = Emulator.NewEmail(), Password = "correct horse battery", InvitationToken = "not-a-real-invitation",
        });

        Assert.Equal(RegisterStatus.Rejected, result.Status);
        Assert.Equal([RegisterMessages.InvitationInvalid], result.Errors![""]);
    }

    [Fact]
    public async Task Starts_a_magic_link_that_points_at_the_continue_page_and_verifies_it_once()
    {
        await using var host = await PortalHost.StartAsync();

        var started = await host.SendAsync(new StartMagicLinkCommand { Email = " owner@acme.test ", ContinueUrl = ContinueUrl });
        var link = await host.MagicLinkAsync("owner@acme.test");
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var first = await host.SendAsync(new VerifyMagicLinkCommand(token));
        var second = await host.SendAsync(new VerifyMagicLinkCommand(token));

        Assert.Equal(MagicLinkStatus.Requested, started.Status);
        Assert.Equal(ContinueUrl.GetLeftPart(UriPartial.Path), link.GetLeftPart(UriPartial.Path));
        Assert.Equal(SignInStatus.SignedIn, first.Status);
        var context = await host.ContextOfAsync(first.Tokens!.AccessToken);
        Assert.Equal("owner@acme.test", context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
        Assert.Equal(SignInStatus.Refused, second.Status);
    }

    [Fact]
    public async Task Answers_alike_for_an_unknown_email_and_sends_it_nothing()
    {
        await using var host = await PortalHost.StartAsync();

        var known = await host.SendAsync(new StartMagicLinkCommand { Email = "owner@acme.test", ContinueUrl = ContinueUrl });
        var unknown = await host.SendAsync(new StartMagicLinkCommand { Email = "nobody@acme.test", ContinueUrl = ContinueUrl });

        Assert.Equal(known, unknown);
        Assert.Equal(0, await host.OutboxCountAsync("nobody@acme.test"));
    }

    [Fact]
    public async Task Refuses_an_expired_magic_link()
    {
        await using var host = await PortalHost.StartAsync();
        await host.SendAsync(new StartMagicLinkCommand { Email = "viewer@acme.test", ContinueUrl = ContinueUrl });
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery((await host.MagicLinkAsync("viewer@acme.test")).Query)["token"].ToString();
        await host.AdvanceEmulatorClockAsync(TimeSpan.FromMinutes(16));

        var result = await host.SendAsync(new VerifyMagicLinkCommand(token));

        Assert.Equal(SignInStatus.Refused, result.Status);
    }

    [Fact]
    public async Task Signs_in_with_a_phone_code_and_creates_the_user_when_sign_up_is_open()
    {
        await using var host = await PortalHost.StartAsync();
        var phone = Emulator.NewPhone();

        var started = await host.SendAsync(new StartPhoneSignInCommand { Phone = phone });
        var code = await host.PhoneCodeAsync(phone);
        var verified = await host.SendAsync(new VerifyPhoneCodeCommand(phone, code));

        Assert.Equal(PhoneStatus.CodeRequested, started.Status);
        Assert.Equal(SignInStatus.SignedIn, verified.Status);
        var context = await host.ContextOfAsync(verified.Tokens!.AccessToken);
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Explains_a_wrong_phone_code_as_invalid()
    {
        await using var host = await PortalHost.StartAsync();
        var phone = Emulator.NewPhone();
        await host.SendAsync(new StartPhoneSignInCommand { Phone = phone });
        var code = await host.PhoneCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        var result = await host.SendAsync(new VerifyPhoneCodeCommand(phone, wrong));

        Assert.Equal(SignInStatus.Refused, result.Status);
        Assert.Null(result.Tokens);
    }

    [Fact]
    public async Task Switches_context_into_an_environment_the_user_belongs_to()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var before = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;

        var page = await browser.GetAsync("/SwitchContext");
        var answer = await browser.PostFormAsync("/SwitchContext", page.Html,
            [new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod"), new("ReturnUrl", "")]);

        var after = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;
        Assert.NotEqual(before, after);
        var context = await host.ContextOfAsync(after);
        Assert.Equal("prod", context.GetProperty("activeProject").GetProperty("environment").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.GetContextWithTokenAsync(before)).StatusCode);
        Assert.Equal("/Me", answer.Location?.ToString());
    }

    [Fact]
    public async Task Refuses_a_context_the_user_is_not_a_member_of()
    {
        await using var host = await PortalHost.StartAsync();
        var login = await host.SendAsync(new LambaPages.Features.Login.LoginCommand { Login = "viewer@acme.test", Password = PortalHost.Password });

        var denied = await SwitchWithTokenAsync(host, login.Tokens!.AccessToken, "wrk_acme", "prj_storefront", "prod");
        var unknown = await SwitchWithTokenAsync(host, login.Tokens!.AccessToken, "wrk_acme", "prj_nowhere", "test");

        Assert.Equal(SwitchContextStatus.Denied, denied.Status);
        Assert.Equal(SwitchContextStatus.NotFound, unknown.Status);
    }

    /// <summary>The switch handler with a session holding <paramref name="accessToken"/> (as the portal's cookies would).</summary>
    private static async Task<SwitchContextResult> SwitchWithTokenAsync(PortalHost host, string accessToken, string workspaceId, string projectId, string environment)
    {
        using var scope = host.Portal.Services.CreateScope();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
        scope.ServiceProvider.GetRequiredService<global::Lamba.AspNetCore.Session.LambaSession>().SignIn(
            new global::Lamba.AspNetCore.Client.LambaTokens(accessToken, "unused-refresh-token", DateTimeOffset.UtcNow.AddDays(1)));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new SwitchContextCommand { WorkspaceId = workspaceId, ProjectId = projectId, Environment = environment });
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = null;
        return result;
    }

    internal static async Task<string> InviteAsync(PortalHost host, string email, string projectId, string environment, string role)
    {
        // The owner's session, entered into the project the invitation is for, creates it as the admin area would.
        using var login = await host.EmulatorClient.PostAsJsonAsync("v1/auth/login/password", new { login = "owner@acme.test", password = PortalHost.Password });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        using var switchRequest = new HttpRequestMessage(HttpMethod.Post, "v1/sessions/switch-context")
        {
            Content = JsonContent.Create(new { workspaceId = "wrk_acme", projectId, environment }),
        };
        switchRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var switched = await host.EmulatorClient.SendAsync(switchRequest);
        var scoped = await switched.Content.ReadFromJsonAsync<JsonElement>();

        using var invite = new HttpRequestMessage(HttpMethod.Post, "v1/admin/invitations")
        {
            Content = JsonContent.Create(new { email, roleKeys = new[] { role }, expiresInDays = 7 }),
        };
        invite.Headers.Authorization = new("Bearer", scoped.GetProperty("access_token").GetString());
        using var created = await host.EmulatorClient.SendAsync(invite);
        Assert.True(created.IsSuccessStatusCode, $"Creating the invitation answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        return InvitationToken(await host.InvitationLinkAsync(email));
    }

    internal static string InvitationToken(string link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("https://portal.example.test"), link).Query)["invitationToken"].ToString();

    internal static async Task<List<(string Project, string[] Roles)>> MembershipsOfAsync(PortalHost host, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/me/memberships");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await host.EmulatorClient.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("project").GetProperty("id").GetString()!, i.GetProperty("roleKeys").EnumerateArray().Select(r => r.GetString()!).ToArray()))
            .ToList();
    }
}
