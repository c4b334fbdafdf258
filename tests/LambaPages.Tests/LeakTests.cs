using System.Net;
using System.Text.RegularExpressions;
using Lamba.AspNetCore.Client;
using LambaPages.Tests.Infrastructure;
using LambaPages.Tests.Login;

namespace LambaPages.Tests;

public sealed partial class LeakTests
{
    [Fact]
    public async Task Never_writes_a_token_a_password_or_a_code_into_logs_pages_or_redirects()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();

        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test", returnUrl: "/Me"));
        var code = LoginSliceTests.CurrentCode();
        var signedIn = await browser.PostFormAsync("/Login/Mfa", secondStep.Html, [new("Input.MfaCode", code), new("ReturnUrl", "/Me")]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        var me = await browser.FollowAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, me.Status);

        var secrets = new[]
        {
            PortalHost.Password,
            code,
            host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token,
            host.SessionCookies.UnprotectRefresh(browser.Cookies[LambaOptions.DefaultRefreshCookie])!.Token,
        };
        var everything = host.Logs.Lines.Concat(browser.Seen).ToList();
        Assert.NotEmpty(host.Logs.Lines);
        foreach (var text in everything)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret leaked into: {Shorten(text)}");
            }

            // Any JWT at all (the pre-switch access token included) would be an access token.
            Assert.False(Jwt().IsMatch(text), $"A JWT leaked into: {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex Jwt();
}
