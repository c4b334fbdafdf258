using System.Net;
using LambaPages.Features.Register;
using LambaPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Register;

public sealed class RegisterPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Shows_labelled_fields_with_the_right_autocomplete_and_a_password_hint()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Register");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Create an account", Html.H1(page.Html));
        Assert.Contains("""<label for="Input_Email">Email</label>""", page.Html, StringComparison.Ordinal);
        Assert.Contains("""autocomplete="email" """.TrimEnd(), Emulator.InputTag(page.Html, "Input.Email"), StringComparison.Ordinal);
        var password = Emulator.InputTag(page.Html, "Input.Password");
        Assert.Contains("""autocomplete="new-password" """.TrimEnd(), password, StringComparison.Ordinal);
        Assert.Contains("""aria-describedby="password-hint" """.TrimEnd(), password, StringComparison.Ordinal);
        Assert.Contains(RegisterRules.PasswordHint, Html.Text(page.Html), StringComparison.Ordinal);
        Assert.Contains("""autocomplete="name" """.TrimEnd(), Emulator.InputTag(page.Html, "Input.DisplayName"), StringComparison.Ordinal);
        Assert.Contains("""<label for="Input_Username">Username (optional)</label>""", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registers_by_the_emailed_link_and_lands_signed_in_on_the_account_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var email = Emulator.NewEmail();

        var answer = await SubmitAsync(browser, email, Password, displayName: "Ada Lovelace");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Register/CheckEmail", answer.Location?.ToString());
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
        var checkEmail = await browser.FollowAsync(answer);
        Assert.Equal("Check your email", Html.H1(checkEmail.Html));
        Assert.Contains(RegisterMessages.CheckEmail, Html.Text(checkEmail.Html), StringComparison.Ordinal);

        var verify = await browser.GetAsync(await SignUpLink.LinkAsync(host, email));
        Assert.Equal("Finish creating your account", Html.H1(verify.Html));
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
        var finished = await browser.PostFormAsync("/Register/Verify", verify.Html, [new("token", Html.InputValue(verify.Html, "token")!)]);

        Assert.Equal(HttpStatusCode.Redirect, finished.Status);
        Assert.Equal("/Me", finished.Location?.ToString());
        var me = await browser.FollowAsync(finished);
        Assert.Equal(RegisterMessages.Finished, Html.Status(me.Html));
        Assert.Contains($"Signed in as {email}", Html.Text(me.Html), StringComparison.Ordinal);
        Assert.Contains("Acme / Storefront", Html.Text(me.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_a_used_sign_up_link_and_offers_to_register_again()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var email = Emulator.NewEmail();
        await SubmitAsync(browser, email, Password);
        var verify = await browser.GetAsync(await SignUpLink.LinkAsync(host, email));
        var fields = new KeyValuePair<string, string>[] { new("token", Html.InputValue(verify.Html, "token")!) };
        await browser.PostFormAsync("/Register/Verify", verify.Html, fields);
        using var second = host.NewBrowser();
        var again = await second.GetAsync(await SignUpLink.LinkAsync(host, email));

        var refused = await second.PostFormAsync("/Register/Verify", again.Html, fields);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("This sign-up link cannot be used", Html.H1(refused.Html));
        Assert.Contains("/Register", refused.Html, StringComparison.Ordinal);
        Assert.False(second.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Shows_validator_errors_next_to_each_field_and_keeps_what_was_typed_but_the_password()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await SubmitAsync(browser, "not-an-email", "short", displayName: "Ada", username: "Not Valid");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("""<div role="alert" tabindex="-1" id="error-summary" """.TrimEnd(), answer.Html, StringComparison.Ordinal);
        Assert.Matches("""data-valmsg-for="Input.Email"[^>]*>Enter an email address like name@example.com.</span>""", answer.Html);
        Assert.Matches("""data-valmsg-for="Input.Password"[^>]*>Use at least 10 characters.</span>""", answer.Html);
        Assert.Matches("""data-valmsg-for="Input.Username"[^>]*>Use 3 to 32 characters""", answer.Html);
        Assert.Equal("not-an-email", Html.InputValue(answer.Html, "Input.Email"));
        Assert.Equal("Ada", Html.InputValue(answer.Html, "Input.DisplayName"));
        Assert.True(string.IsNullOrEmpty(Html.InputValue(answer.Html, "Input.Password")));
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/register"));
    }

    [Fact]
    public async Task Answers_a_taken_email_exactly_like_a_new_one()
    {
        var host = await shared.ResetAsync();
        using var takenBrowser = host.NewBrowser();
        using var newBrowser = host.NewBrowser();

        var taken = await SubmitAsync(takenBrowser, "owner@acme.test", "Typed-Passw0rd-here");
        var fresh = await SubmitAsync(newBrowser, Emulator.NewEmail(), "Typed-Passw0rd-here");

        Assert.Equal(fresh.Status, taken.Status);
        Assert.Equal(fresh.Location, taken.Location);
        Assert.Equal(fresh.Html, taken.Html);
        var (takenPage, freshPage) = (await takenBrowser.FollowAsync(taken), await newBrowser.FollowAsync(fresh));
        Assert.Equal(Emulator.WithoutAntiforgery(freshPage.Html), Emulator.WithoutAntiforgery(takenPage.Html));
        Assert.DoesNotContain("already exists", takenPage.Html, StringComparison.Ordinal);
        Assert.Equal("registration-attempt", (await host.LatestMessageAsync("owner@acme.test"))!.Value.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Puts_lambas_username_taken_answer_next_to_the_username_field()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await LambaPages.Tests.Me.MeArrange.RegisterAsync(host, username: "taken.name");

        var answer = await SubmitAsync(browser, Emulator.NewEmail(), Password, username: "taken.name");

        Assert.Matches("""data-valmsg-for="Input.Username"[^>]*>This username is taken. Choose another one.</span>""", answer.Html);
        Assert.Equal("taken.name", Html.InputValue(answer.Html, "Input.Username"));
    }

    [Fact]
    public async Task Maps_lambas_own_validation_errors_onto_the_form_fields()
    {
        await using var host = await PortalHost.StartAsync();
        using var scope = host.Portal.Services.CreateScope();
        // The handler alone (no validator in front): what Lamba's VALIDATION_FAILED says must reach the right fields.
        var handler = scope.ServiceProvider.GetRequiredService<RegisterCommandHandler>();

        var result = await handler.Handle(
            new RegisterCommand { Email = "x", Password = "short", DisplayName = new string('d', 101), Username = "A B" }, CancellationToken.None);

        Assert.Equal(RegisterStatus.Rejected, result.Status);
        Assert.Equal(
            [nameof(RegisterCommand.DisplayName), nameof(RegisterCommand.Email), nameof(RegisterCommand.Password), nameof(RegisterCommand.Username)],
            result.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Carries_an_invitation_token_through_registration_and_lamba_adds_the_membership()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var email = Emulator.NewEmail("invitee");
        var token = await RegisterSliceTests.InviteAsync(host, email, "prj_backoffice", "test", "support");

        var page = await browser.GetAsync("/Register?invitationToken=" + Uri.EscapeDataString(token));
        Assert.Equal(token, Html.InputValue(page.Html, "Input.InvitationToken"));
        Assert.Contains($"/Login?invitationToken={Uri.EscapeDataString(token)}", page.Html, StringComparison.Ordinal);
        var answer = await browser.PostFormAsync("/Register", page.Html,
            [new("Input.Email", email), new("Input.Password", Password), new("Input.InvitationToken", Html.InputValue(page.Html, "Input.InvitationToken")!)]);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        var access = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;
        var memberships = await RegisterSliceTests.MembershipsOfAsync(host, access);
        Assert.Contains(memberships, m => m.Project == "prj_backoffice" && m.Roles.Contains("support"));
    }

    [Fact]
    public async Task Carries_an_invitation_token_through_sign_in_for_someone_who_already_has_an_account()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var token = await RegisterSliceTests.InviteAsync(host, "viewer@acme.test", "prj_backoffice", "test", "support");

        var register = await browser.GetAsync("/Register?invitationToken=" + Uri.EscapeDataString(token));
        var login = await browser.GetAsync($"/Login?invitationToken={Uri.EscapeDataString(token)}");
        Assert.Contains("/Login?invitationToken=", register.Html, StringComparison.Ordinal);
        Assert.Equal(token, Html.InputValue(login.Html, "Input.InvitationToken"));
        Assert.Contains($"/Register?invitationToken={Uri.EscapeDataString(token)}", login.Html, StringComparison.Ordinal);
        var answer = await browser.PostFormAsync("/Login", login.Html,
        [
            new("Input.Login", "viewer@acme.test"), new("Input.Password", PortalHost.Password),
            new("Input.InvitationToken", token), new("ReturnUrl", ""),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        var access = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;
        Assert.Contains(await RegisterSliceTests.MembershipsOfAsync(host, access), m => m.Project == "prj_backoffice" && m.Roles.Contains("support"));
    }

    [Fact]
    public async Task Keeps_the_invitation_token_across_the_two_step_verification_step()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var token = await RegisterSliceTests.InviteAsync(host, "mfa@acme.test", "prj_backoffice", "test", "support");
        var login = await browser.GetAsync($"/Login?invitationToken={Uri.EscapeDataString(token)}");

        var secondStep = await browser.FollowAsync(await browser.PostFormAsync("/Login", login.Html,
        [
            new("Input.Login", "mfa@acme.test"), new("Input.Password", PortalHost.Password),
            new("Input.InvitationToken", token), new("ReturnUrl", ""),
        ]));
        var verified = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LambaPages.Tests.Login.LoginSliceTests.CurrentCode()), new("ReturnUrl", "")]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        var access = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;
        Assert.Contains(await RegisterSliceTests.MembershipsOfAsync(host, access), m => m.Project == "prj_backoffice" && m.Roles.Contains("support"));
    }

    [Fact]
    public async Task Answers_404_and_hides_the_link_when_the_registration_flag_is_off()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:Registration"] = "false" });
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Register");
        var login = await browser.GetAsync("/Login");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("Create an account", login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/Register", login.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hides_the_page_and_its_link_once_lamba_says_registration_is_disabled()
    {
        await using var host = await PortalHost.StartAsync(o => o.RegistrationOpen = false);
        using var browser = host.NewBrowser();

        var refused = await SubmitAsync(browser, Emulator.NewEmail(), Password);
        var page = await browser.GetAsync("/Register");
        var login = await browser.GetAsync("/Login");

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("Create an account", login.Html, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Still_lets_an_invitee_register_when_public_sign_up_is_closed()
    {
        await using var host = await PortalHost.StartAsync(o => o.RegistrationOpen = false);
        using var browser = host.NewBrowser();
        await SubmitAsync(host.NewBrowser(), Emulator.NewEmail(), Password);
        var email = Emulator.NewEmail("invitee");
        var token = await RegisterSliceTests.InviteAsync(host, email, "prj_storefront", "test", "viewer");

        var page = await browser.GetAsync("/Register?invitationToken=" + Uri.EscapeDataString(token));
        var answer = await browser.PostFormAsync("/Register", page.Html,
            [new("Input.Email", email), new("Input.Password", Password), new("Input.InvitationToken", token)]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
    }

    private static async Task<TestResponse> SubmitAsync(
        TestBrowser browser, string email, string password, string? displayName = null, string? username = null)
    {
        var page = await browser.GetAsync("/Register");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await browser.PostFormAsync("/Register", page.Html,
        [
            new("Input.Email", email), new("Input.Password", password),
            new("Input.DisplayName", displayName ?? ""), new("Input.Username", username ?? ""),
            new("Input.InvitationToken", ""),
        ]);
    }
}
