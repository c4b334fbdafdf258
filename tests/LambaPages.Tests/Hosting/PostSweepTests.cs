using System.Net;
using LambaPages.Hosting;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LambaPages.Tests.Hosting;

/// <summary>
/// S08 and S09 over every POST handler the portal serves, enumerated from its endpoint data source (a handler added
/// later is swept without editing this test): none runs without this browser's antiforgery token, and none runs for a
/// request another site started, token or not. Signed in as the owner, so no page turns the POST away for a missing
/// permission first.
/// </summary>
public sealed class PostSweepTests
{
    // Plausible values for every form, so a refusal can only come from the token or the origin, never from binding.
    private static readonly KeyValuePair<string, string>[] Fields =
    [
        new("Input.Login", "owner@acme.test"), new("Input.Password", PortalHost.Password), new("Input.Email", "owner@acme.test"),
        new("Input.Code", "123456"), new("Input.MfaCode", "123456"), new("Input.Phone", "+15555550100"),
        new("userId", "usr_x"), new("invitationId", "inv_x"), new("sessionId", "ses_x"), new("ReturnUrl", "/Me"),
    ];

    [Fact]
    public async Task Refuses_every_post_handler_without_an_antiforgery_token_or_with_another_browsers_token()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = await OwnerAsync(host);
        using var stranger = host.NewBrowser();
        await stranger.SignInAsync("viewer@acme.test");
        var foreignToken = TestBrowser.AntiforgeryToken((await stranger.GetAsync("/Me")).Html);
        var posts = await PostHandlersAsync(host);
        var before = await StateChangingCallsAsync(host);

        var accepted = new List<string>();
        foreach (var post in posts)
        {
            var missing = await browser.PostFormAsync(post.Url, "", Fields, withAntiforgery: false);
            var foreign = await browser.PostFormAsync(post.Url, "", [.. Fields, new("__RequestVerificationToken", foreignToken)], withAntiforgery: false);
            foreach (var answer in new[] { missing, foreign })
            {
                if (answer.Status != HttpStatusCode.BadRequest)
                {
                    accepted.Add($"{post.Url} ({(int)answer.Status})");
                }

                Assert.DoesNotContain(answer.SetCookies, c => c.Name.Value!.StartsWith("__Host-lamba_", StringComparison.Ordinal));
            }
        }

        // The error page alone takes a POST without a token: a failed POST is re-executed there, and it changes nothing.
        Assert.Equal(["/Error (200)", "/Error (200)"], accepted);
        Assert.Equal(before, await StateChangingCallsAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task Refuses_every_post_handler_from_another_site_even_with_a_valid_antiforgery_token(string header, string value)
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = await OwnerAsync(host);
        var token = TestBrowser.AntiforgeryToken((await browser.GetAsync("/Me")).Html);
        var posts = await PostHandlersAsync(host);
        var before = await StateChangingCallsAsync(host);

        foreach (var post in posts)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, post.Url)
            {
                Content = new FormUrlEncodedContent([.. Fields, new("__RequestVerificationToken", token)]),
            };
            request.Headers.Add(header, value);

            var answer = await browser.SendAsync(request);

            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"POST {post.Url} from another site answered {(int)answer.Status}.");
            Assert.Equal(CrossSiteRequestGuard.Refusal, answer.Html);
            Assert.Empty(answer.SetCookies);
        }

        Assert.Equal(before, await StateChangingCallsAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    private static async Task<TestBrowser> OwnerAsync(PortalHost host)
    {
        var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        return browser;
    }

    /// <summary>Every POST handler of every served page; at least the ~30 there are today, so an empty sweep cannot pass.</summary>
    private static async Task<IReadOnlyList<PageHandler>> PostHandlersAsync(PortalHost host)
    {
        var posts = (await ServedPages.HandlersAsync(host, _ => true)).Where(h => h.Method == HttpMethods.Post).ToList();
        Assert.True(posts.Count >= 30, $"Found only: {string.Join(", ", posts.Select(p => p.Url))}");
        return posts;
    }

    /// <summary>Every call that could change something at Lamba (any verb but GET), by route, as the emulator counted them.</summary>
    private static async Task<string> StateChangingCallsAsync(PortalHost host) =>
        string.Join(", ", (await host.StatsAsync()).GetProperty("calls").EnumerateObject()
            .Where(c => !c.Name.StartsWith("GET ", StringComparison.Ordinal))
            .Select(c => $"{c.Name} x{c.Value.GetInt64()}"));
}
