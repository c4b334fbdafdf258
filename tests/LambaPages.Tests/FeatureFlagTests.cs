using System.Net;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests;

/// <summary>Each sign-in method exists only while its flag is on: its pages answer 404 and its link is gone.</summary>
public sealed class FeatureFlagTests
{
    [Fact]
    public async Task Offers_every_sign_in_method_on_the_login_page_by_default()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();

        var login = await browser.GetAsync("/Login");

        Assert.Contains("""<a href="/Register">Create an account</a>""", login.Html, StringComparison.Ordinal);
        Assert.Contains("""<a href="/MagicLink">Email me a sign-in link</a>""", login.Html, StringComparison.Ordinal);
        Assert.Contains("""<a href="/Phone">Sign in with a phone code</a>""", login.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MagicLink", "/MagicLink", "Email me a sign-in link")]
    [InlineData("MagicLink", "/MagicLink/Continue?token=abc", "Email me a sign-in link")]
    [InlineData("MagicLink", "/MagicLink/Mfa", "Email me a sign-in link")]
    [InlineData("PhoneCode", "/Phone", "Sign in with a phone code")]
    [InlineData("PhoneCode", "/Phone/Code", "Sign in with a phone code")]
    [InlineData("PhoneCode", "/Phone/Mfa", "Sign in with a phone code")]
    [InlineData("Registration", "/Register", "Create an account")]
    public async Task Removes_a_method_whose_flag_is_off(string flag, string path, string linkText)
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { [$"FeatureManagement:{flag}"] = "false" });
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync(path);
        var login = await browser.GetAsync("/Login");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain(linkText, login.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_post_to_a_disabled_method_without_calling_lamba()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:PhoneCode"] = "false" });
        using var browser = host.NewBrowser();
        var login = await browser.GetAsync("/Login");

        var answer = await browser.PostFormAsync("/Phone", login.Html, [new("Input.Phone", "+14155550123")]);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/phone/start"));
    }
}
