using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambaPages.Tests.Session;

/// <summary>
/// S03: browsers keep a cookie only up to 4096 bytes of name, value and attributes (RFC 6265 section 6.1) and drop a
/// larger one without a word, which would sign the user out on the next page. Both session cookies must fit even
/// with the largest tokens Lamba could issue.
/// </summary>
public sealed class CookieSizeTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    private const int BrowserCookieLimit = 4096;
    private static readonly string[] BuiltInRoles = ["owner", "admin", "support", "viewer"];

    [Fact]
    public async Task Keeps_each_session_cookie_under_4096_bytes_with_the_largest_tokens_lamba_could_issue()
    {
        var host = await shared.ResetAsync();
        var http = new DefaultHttpContext();
        var accessToken = MaximalAccessToken();

        host.SessionCookies.Write(
            http.Response,
            new StoredToken(accessToken, DateTimeOffset.UtcNow.AddMinutes(15)),
            new StoredToken(MaximalRefreshToken(), DateTimeOffset.UtcNow.AddDays(30), Guid.NewGuid().ToString("N")));

        var setCookies = http.Response.Headers.SetCookie.Select(value => value!).ToList();
        Assert.Equal(2, setCookies.Count);
        foreach (var line in setCookies)
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= BrowserCookieLimit, $"{line[..40]}… is {Encoding.UTF8.GetByteCount(line)} bytes.");
        }

        // The cookies still carry those tokens whole: nothing was cut to fit.
        var access = host.SessionCookies.UnprotectAccess(CookieValue(setCookies, LambaOptions.DefaultSessionCookie));
        Assert.Equal(accessToken, access?.Token);
    }

    [Fact]
    public async Task Keeps_both_session_cookies_under_4096_bytes_for_the_owner_after_a_context_switch()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var page = await browser.GetAsync("/SwitchContext");

        var switched = await browser.PostFormAsync("/SwitchContext", page.Html,
        [
            new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod"), new("ReturnUrl", "/Me"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        foreach (var name in new[] { LambaOptions.DefaultSessionCookie, LambaOptions.DefaultRefreshCookie })
        {
            var cookie = switched.SetCookie(name);
            Assert.NotNull(cookie);
            Assert.InRange(Encoding.UTF8.GetByteCount(cookie.ToString()), 1, BrowserCookieLimit);
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.FollowAsync(switched)).Status);
    }

    /// <summary>
    /// Every claim of the contract (section 2) with 64-character ids, plus every role and permission Lamba knows in case
    /// a future token lists them, signed RS256 with a 4096-bit key (a 512-byte signature) and a long key id.
    /// </summary>
    private static string MaximalAccessToken()
    {
        var longId = (string prefix) => prefix + new string('x', 64 - prefix.Length);
        var header = new { alg = "RS256", typ = "JWT", kid = longId("key_") };
        var payload = new Dictionary<string, object>
        {
            ["sub"] = longId("usr_"),
            ["sid"] = longId("ses_"),
            ["wid"] = longId("wrk_"),
            ["pid"] = longId("prj_"),
            ["env"] = "production-environment-name",
            ["iat"] = 1_900_000_000,
            ["exp"] = 1_900_000_900,
            ["nbf"] = 1_900_000_000,
            ["jti"] = longId("jti_"),
            ["iss"] = "https://test.id.lamba.example/" + longId("wrk_"),
            ["aud"] = "https://test.api.lamba.example/" + longId("prj_"),
            ["roleKeys"] = BuiltInRoles.Concat(Enumerable.Range(0, 8).Select(i => longId($"role{i}_"))).ToArray(),
            ["permissions"] = Permissions.All.ToArray(),
        };
        return $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}.{Base64Url(RandomNumberGenerator.GetBytes(512))}";
    }

    /// <summary>An opaque refresh token of 1,024 random bits (the contract asks for at least 256), base64url.</summary>
    private static string MaximalRefreshToken() => Base64Url(RandomNumberGenerator.GetBytes(128));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string CookieValue(IEnumerable<string> setCookies, string name) =>
        SetCookieHeaderValue.ParseList(setCookies.ToList()).Single(c => c.Name.Value == name).Value.Value!;
}
