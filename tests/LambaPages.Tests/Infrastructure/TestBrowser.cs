using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace LambaPages.Tests.Infrastructure;

/// <summary>One answer of the portal, as a browser sees it.</summary>
public sealed record TestResponse(HttpStatusCode Status, string Html, Uri? Location, IReadOnlyList<SetCookieHeaderValue> SetCookies, HttpResponseHeaders Headers)
{
    public SetCookieHeaderValue? SetCookie(string name) => SetCookies.LastOrDefault(c => c.Name.Value == name);

    /// <summary>A deletion: empty value and an expiry in the past.</summary>
    public bool Deletes(string name) => SetCookie(name) is { } cookie && cookie.Value.Length == 0 && cookie.Expires < DateTimeOffset.UtcNow;
}

/// <summary>
/// A minimal browser over the TestServer client: its own cookie jar (so tests can read and replay exact cookie
/// values), antiforgery tokens read from the page and posted back, and a record of every body and Location seen.
/// </summary>
public sealed partial class TestBrowser(HttpClient client) : IDisposable
{
    private readonly Dictionary<string, string> jar = new(StringComparer.Ordinal);
    private readonly List<string> seen = [];

    public IReadOnlyDictionary<string, string> Cookies => jar;

    /// <summary>Every HTML body and Location header this browser received.</summary>
    public IReadOnlyList<string> Seen => seen;

    public HttpClient Client => client;

    /// <summary>Plays a browser that got hold of another one's cookie.</summary>
    public void PutCookie(string name, string value) => jar[name] = value;

    public Task<TestResponse> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts a form; the antiforgery token comes from <paramref name="pageHtml"/> (the page the form is on).</summary>
    public Task<TestResponse> PostFormAsync(string url, string pageHtml, IEnumerable<KeyValuePair<string, string>> fields, bool withAntiforgery = true)
    {
        var values = fields.ToList();
        if (withAntiforgery)
        {
            values.Add(new("__RequestVerificationToken", AntiforgeryToken(pageHtml)));
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) });
    }

    public async Task<TestResponse> FollowAsync(TestResponse redirect)
    {
        Assert.True(redirect.Location is not null, $"Expected a redirect, got {(int)redirect.Status}.");
        return await GetAsync(redirect.Location!.ToString());
    }

    public async Task<TestResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
            }

            using var response = await client.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
                ? SetCookieHeaderValue.ParseList(values.ToList()).ToList()
                : [];
            foreach (var cookie in setCookies)
            {
                if (cookie.Value.Length == 0 || cookie.Expires < DateTimeOffset.UtcNow)
                {
                    jar.Remove(cookie.Name.Value!);
                }
                else
                {
                    jar[cookie.Name.Value!] = cookie.Value.Value!;
                }
            }

            seen.Add(html);
            if (response.Headers.Location is { } location)
            {
                seen.Add(location.ToString());
            }

            return new TestResponse(response.StatusCode, html, response.Headers.Location, setCookies, response.Headers);
        }
    }

    /// <summary>Signs in through the login page (first step only); returns the answer to the form post.</summary>
    public async Task<TestResponse> SubmitLoginAsync(string login, string password = PortalHost.Password, string? returnUrl = null)
    {
        var page = await GetAsync(returnUrl is null ? "/Login" : "/Login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await PostFormAsync("/Login", page.Html,
        [
            new("Input.Login", login),
            new("Input.Password", password),
            new("ReturnUrl", returnUrl ?? ""),
        ]);
    }

    public async Task SignInAsync(string login)
    {
        var answer = await SubmitLoginAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
    }

    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
