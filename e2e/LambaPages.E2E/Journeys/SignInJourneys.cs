using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>The foundation: password sign-in, MFA, sign-out, and what the browser gets to see of a session.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed class SignInJourneys(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task A_viewer_signs_in_sees_their_account_and_context_then_signs_out() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var me = new MePage(j.Page);
        var layout = new Layout(j.Page);

        await login.GotoAsync();
        await Expect(login.CreateAccountLink).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await login.SignInAsync(Seed.Viewer, Seed.Password);
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();

        await me.GotoAsync();
        await me.ExpectSignedInAsAsync(Seed.Viewer);
        await Expect(me.Main).ToContainTextAsync(Seed.ProjectName);
        await Expect(layout.ContextText).ToContainTextAsync($"{Seed.WorkspaceName} / {Seed.ProjectName}");
        await Expect(layout.EnvironmentBadge).ToHaveTextAsync("test");
        await j.AssertAccessibleAsync();

        await layout.SignOutAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Login(\\?.*)?$"));
        await Expect(layout.Status).ToHaveTextAsync("You have been signed out.");
        await Expect(layout.SignOutButton).ToHaveCountAsync(0);
        await j.AssertAccessibleAsync();

        // The session is really gone: a protected page sends the browser back to sign in, remembering where it was.
        await j.Page.GotoAsync("/Me");
        await Expect(j.Page).ToHaveURLAsync(new Uri(app.PortalAddress, "Login?returnUrl=%2FMe").ToString());
        await Expect(login.Heading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Rejects_a_wrong_password_without_saying_which_part_was_wrong() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);

        await login.GotoAsync();
        await Expect(login.LoginField).ToHaveAttributeAsync("autocomplete", "username");
        await Expect(login.PasswordField).ToHaveAttributeAsync("autocomplete", "current-password");
        await j.AssertAccessibleAsync();

        await login.SignInAsync(Seed.Viewer, "Wrong-password-42");

        await Expect(login.ErrorSummary).ToContainTextAsync("The email, username or password is incorrect.");
        await Expect(login.ErrorSummary).ToBeFocusedAsync();
        await Expect(login.LoginField).ToHaveValueAsync(Seed.Viewer);
        await Expect(login.PasswordField).ToHaveValueAsync(string.Empty);
        await j.AssertAccessibleAsync();

        // An unknown account gets the very same answer, so the form does not reveal who has an account.
        await login.SignInAsync("nobody@acme.test", "Wrong-password-42");
        await Expect(login.ErrorSummary).ToContainTextAsync("The email, username or password is incorrect.");
        await Expect(login.LoginField).ToHaveValueAsync("nobody@acme.test");
        await Expect(login.PasswordField).ToHaveValueAsync(string.Empty);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task A_user_with_two_step_verification_signs_in_with_an_authenticator_code() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var me = new MePage(j.Page);

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.SignInAsync(Seed.Mfa, Seed.Password);

        await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Login/Mfa$"));
        await Expect(login.MfaHeading).ToBeVisibleAsync();
        await Expect(login.CodeField).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(login.CodeField).ToHaveAttributeAsync("inputmode", "numeric");
        await j.AssertAccessibleAsync();

        await login.EnterCodeAsync(await app.FreshTotpAsync());
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();

        await me.GotoAsync();
        await me.ExpectSignedInAsAsync(Seed.Mfa);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Keeps_the_session_tokens_out_of_the_page_and_out_of_script_reach() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var me = new MePage(j.Page);

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.SignInAsync(Seed.Viewer, Seed.Password);
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();
        var landingHtml = await j.Page.ContentAsync();

        await me.GotoAsync();
        await j.AssertAccessibleAsync();
        var meHtml = await j.Page.ContentAsync();

        var cookies = await j.Context.CookiesAsync();
        foreach (var name in SessionCookieNames())
        {
            var cookie = cookies.SingleOrDefault(c => c.Name == name);
            Assert.True(cookie is not null, $"Expected the session cookie '{name}' after sign-in; got: {string.Join(", ", cookies.Select(c => c.Name))}");
            Assert.True(cookie.HttpOnly, $"{name} must be HttpOnly");
            Assert.True(cookie.Secure, $"{name} must be Secure");
            Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
            Assert.Equal("/", cookie.Path);
            Assert.True(cookie.Value.Length > 0);
            Assert.DoesNotContain(cookie.Value, landingHtml, StringComparison.Ordinal);
            Assert.DoesNotContain(cookie.Value, meHtml, StringComparison.Ordinal);
        }

        var scriptVisible = await j.Page.EvaluateAsync<string>("() => document.cookie");
        foreach (var name in SessionCookieNames())
        {
            Assert.DoesNotContain(name, scriptVisible, StringComparison.Ordinal);
        }
    });

    /// <summary>The configured cookie names, else the contract's defaults (section 1).</summary>
    private string[] SessionCookieNames()
    {
        var config = app.Portal.Services.GetRequiredService<IConfiguration>();
        return
        [
            config["LAMBA_SESSION_COOKIE"] ?? "__Host-lamba_access_token",
            config["LAMBA_REFRESH_COOKIE"] ?? "__Host-lamba_refresh_token",
        ];
    }
}
