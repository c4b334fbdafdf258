using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Shared.SignIn;

/// <summary>Asking for a link or a code must not reveal whether an account exists.</summary>
public sealed class EnumerationTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Magic_link_start_answers_byte_for_byte_alike_for_a_known_and_an_unknown_email()
    {
        var host = await shared.ResetAsync();

        var known = await AskAsync(host, "/MagicLink", "Input.Email", "owner@acme.test");
        var unknown = await AskAsync(host, "/MagicLink", "Input.Email", "nobody@acme.test");

        Assert.Equal(1, await host.OutboxCountAsync("owner@acme.test"));
        Assert.Equal(0, await host.OutboxCountAsync("nobody@acme.test"));
        AssertAlike(known, unknown);
    }

    [Fact]
    public async Task Phone_start_answers_byte_for_byte_alike_for_a_known_and_an_unknown_number()
    {
        // Sign-up closed, so an unknown number really gets nothing: the answer must still not differ.
        await using var host = await PortalHost.StartAsync(o => o.RegistrationOpen = false);
        var knownPhone = Emulator.NewPhone("0123");
        var unknownPhone = Emulator.NewPhone("0123");
        await GivePhoneAsync(host, "viewer@acme.test", knownPhone);

        var known = await AskAsync(host, "/Phone", "Input.Phone", knownPhone);
        var unknown = await AskAsync(host, "/Phone", "Input.Phone", unknownPhone);

        Assert.Equal(1, await host.OutboxCountAsync(knownPhone));
        Assert.Equal(0, await host.OutboxCountAsync(unknownPhone));
        AssertAlike(known, unknown);
    }

    [Fact]
    public async Task A_locked_account_and_an_unknown_login_get_the_same_sign_in_page()
    {
        var host = await shared.ResetAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(host, "viewer@acme.test", "Wrong-password-1");
            await SignInAsync(host, "nobody@acme.test", "Wrong-password-1");
        }

        var locked = await SignInAsync(host, "viewer@acme.test", PortalHost.Password);
        var unknown = await SignInAsync(host, "nobody@acme.test", PortalHost.Password);

        Assert.Equal(unknown.Status, locked.Status);
        Assert.Contains("Too many failed sign-in attempts from here.", Html.Text(locked.Html), StringComparison.Ordinal);
        Assert.Equal(
            Emulator.WithoutAntiforgery(unknown.Html).Replace("nobody@acme.test", "LOGIN", StringComparison.Ordinal),
            Emulator.WithoutAntiforgery(locked.Html).Replace("viewer@acme.test", "LOGIN", StringComparison.Ordinal));
    }

    private static async Task<TestResponse> SignInAsync(PortalHost host, string login, string password)
    {
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/Login");
        return await browser.PostFormAsync("/Login", page.Html, [new("Input.Login", login), new("Input.Password", password), new("ReturnUrl", "")]);
    }

    private sealed record Exchange(TestResponse Answer, TestResponse Followed);

    /// <summary>A fresh browser asks once and follows the redirect, as a person would.</summary>
    private static async Task<Exchange> AskAsync(PortalHost host, string path, string field, string value)
    {
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync(path);
        var answer = await browser.PostFormAsync(path, page.Html, [new(field, value)]);
        return new Exchange(answer, await browser.FollowAsync(answer));
    }

    private static void AssertAlike(Exchange known, Exchange unknown)
    {
        Assert.Equal(known.Answer.Status, unknown.Answer.Status);
        Assert.Equal(known.Answer.Location, unknown.Answer.Location);
        Assert.Equal(known.Answer.Html, unknown.Answer.Html);
        // Cookie values are encrypted (random per response); their names and attributes must match.
        Assert.Equal(Shape(known.Answer), Shape(unknown.Answer));
        Assert.Equal(known.Followed.Status, unknown.Followed.Status);
        Assert.Equal(Emulator.WithoutAntiforgery(known.Followed.Html), Emulator.WithoutAntiforgery(unknown.Followed.Html));
    }

    private static List<string> Shape(TestResponse response) =>
        response.SetCookies.Select(c => $"{c.Name}|{c.Path}|{c.HttpOnly}|{c.Secure}|{c.SameSite}|{c.MaxAge}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Sets a phone number on the user's profile (as the profile page would).</summary>
    private static async Task GivePhoneAsync(PortalHost host, string email, string phone)
    {
        using var login = await host.EmulatorClient.PostAsJsonAsync("v1/auth/login/password", new { login = email, password = PortalHost.Password });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "v1/me/profile") { Content = JsonContent.Create(new { phone }) };
        patch.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var patched = await host.EmulatorClient.SendAsync(patch);
        Assert.True(patched.IsSuccessStatusCode, $"PATCH /v1/me/profile answered {(int)patched.StatusCode}");
    }
}
