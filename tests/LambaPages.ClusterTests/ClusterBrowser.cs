using System.Net;
using System.Text.RegularExpressions;

namespace LambaPages.ClusterTests;

/// <summary>One answer, with the instance that gave it (nginx's X-Upstream, added by the cluster's config only).</summary>
public sealed record ClusterResponse(HttpStatusCode Status, string Html, Uri? Location, string Instance, IReadOnlyList<string> SetCookies, HttpResponseMessage Raw)
{
    public bool RedirectsToLogin => Status == HttpStatusCode.Redirect && Location?.OriginalString.Contains("/Login", StringComparison.Ordinal) == true;

    /// <summary>Deletes one of the session cookies (the temp-data cookie comes and goes on its own).</summary>
    public bool DeletesASessionCookie => SetCookies.Any(cookie => cookie.Contains("lamba_", StringComparison.Ordinal)
        && cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{(int)Status} from {Instance}{(Location is null ? "" : " to " + Location)}";
}

/// <summary>
/// A browser as far as the portal can tell: its own cookie jar (shared by parallel requests, last writer wins, as in a
/// real browser), antiforgery tokens read from the form and posted back.
/// </summary>
public sealed partial class ClusterBrowser(HttpClient client) : IDisposable
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string MfaSecret = "JBSWY3DPEHPK3PXP";

    private readonly Dictionary<string, string> jar = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyDictionary<string, string> Cookies
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, string>(jar, StringComparer.Ordinal);
            }
        }
    }

    public Task<ClusterResponse> GetAsync(string url, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        configure?.Invoke(request);
        return SendAsync(request);
    }

    public Task<ClusterResponse> PostFormAsync(string url, string formPageHtml, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var values = fields.Append(new("__RequestVerificationToken", AntiforgeryToken(formPageHtml))).ToList();
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) });
    }

    public async Task<ClusterResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            lock (gate)
            {
                if (jar.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
                }
            }

            var response = await client.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
            lock (gate)
            {
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';', 2)[0].Split('=', 2);
                    if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        jar.Remove(pair[0]);
                    }
                    else
                    {
                        jar[pair[0]] = pair[1];
                    }
                }
            }

            // "a, b" when nginx tried a first (refused: a crashed instance) and b answered.
            var instance = response.Headers.TryGetValues("X-Upstream", out var upstream) ? upstream.Last().Split(", ").Last() : "";
            return new ClusterResponse(response.StatusCode, html, response.Headers.Location, instance, setCookies, response);
        }
    }

    /// <summary>The login form, then its POST; returns both answers (they may come from different instances).</summary>
    public async Task<(ClusterResponse Form, ClusterResponse Post)> SubmitLoginAsync(string login, string password = Password)
    {
        var form = await GetAsync("/Login");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var post = await PostFormAsync("/Login", form.Html, [new("Input.Login", login), new("Input.Password", password), new("ReturnUrl", "")]);
        return (form, post);
    }

    public async Task SignInAsync(string login)
    {
        var (_, post) = await SubmitLoginAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, post.Status);
        Assert.False(post.RedirectsToLogin);
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
