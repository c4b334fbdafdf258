using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace LambaPages.Bench;

/// <summary>
/// A minimal browser: its own cookie jar sent as a Cookie header (the session cookies are __Host-/Secure and the
/// bench speaks plain http on loopback, so a CookieContainer would drop them), no redirects followed.
/// </summary>
internal sealed partial class PortalBrowser(HttpClient client)
{
    private readonly Dictionary<string, string> jar = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => jar;

    /// <summary>The Cookie header this browser sends, for requests made outside it (the parallel refresh burst).</summary>
    public string CookieHeader => string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}"));

    public async Task<(HttpStatusCode Status, string Html, Uri? Location)> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>
    /// Signs in through /Login (password step) as a user would, and opens the page it redirects to: the first signed-in
    /// page sets the preferences cookie (language, time zone), which a browser then sends with every view. Throws when
    /// the portal does not redirect, or the landing page does not answer 200. Without <paramref name="openLandingPage"/>
    /// the first page is left to the caller (the parallel first views of B3).
    /// </summary>
    public async Task SignInAsync(string login, string password, CancellationToken cancellationToken, bool openLandingPage = true)
    {
        var token = await OpenLoginFormAsync(cancellationToken);
        var answer = await SendAsync(LoginPost(login, password, token), cancellationToken);
        Functional.Expect(answer.Status == HttpStatusCode.Redirect, $"POST /Login as {login} answered {(int)answer.Status}, not a redirect.");
        if (!openLandingPage)
        {
            return;
        }

        var landing = await GetAsync(answer.Location!.ToString(), cancellationToken);
        Functional.Expect(landing.Status == HttpStatusCode.OK, $"GET {answer.Location} after signing in as {login} answered {(int)landing.Status}.");
    }

    /// <summary>GET /Login: this browser now holds the antiforgery cookie; returns the form's antiforgery token.</summary>
    public async Task<string> OpenLoginFormAsync(CancellationToken cancellationToken)
    {
        var page = await GetAsync("/Login", cancellationToken);
        Functional.Expect(page.Status == HttpStatusCode.OK, $"GET /Login answered {(int)page.Status}.");
        var token = AntiforgeryField().Match(page.Html);
        Functional.Expect(token.Success, "GET /Login has no antiforgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>POST /Login with this browser's cookies as they are now, without keeping what it answers (a batch of
    /// sign-ins from one anonymous browser, each with the same antiforgery pair).</summary>
    public async Task<HttpStatusCode> PostLoginAsync(string login, string password, string antiforgeryToken, CancellationToken cancellationToken)
    {
        using var request = LoginPost(login, password, antiforgeryToken);
        request.Headers.Add("Cookie", CookieHeader);
        using var response = await client.SendAsync(request, cancellationToken);
        _ = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode;
    }

    private static HttpRequestMessage LoginPost(string login, string password, string antiforgeryToken) =>
        new(HttpMethod.Post, "/Login")
        {
            Content = new FormUrlEncodedContent(
            [
                new("Input.Login", login),
                new("Input.Password", password),
                new("ReturnUrl", ""),
                new("__RequestVerificationToken", antiforgeryToken),
            ]),
        };

    private async Task<(HttpStatusCode Status, string Html, Uri? Location)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", CookieHeader);
            }

            using var response = await client.SendAsync(request, cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
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
            }

            return (response.StatusCode, html, response.Headers.Location);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
