using System.Net;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Duende.IdentityModel.OidcClient.Results;
using Lamba.Emulator.Store;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Tests.Oidc;

/// <summary>
/// A person at a browser on the emulator's hosted sign-in page: follows the authorize URL, fills in the forms it
/// is shown (login and password, then the code when asked), and hands the final redirect back to the OIDC client
/// library, which does every protocol step itself (PKCE, state, nonce, code exchange, ID token checks).
/// </summary>
public sealed partial class HostedPageBrowser : IBrowser, IDisposable
{
    private readonly HttpClient http;

    public HostedPageBrowser(Uri emulator)
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = emulator };
    }

    public CookieContainer Cookies { get; }

    public string Login { get; set; } = "viewer@acme.test";

    public string Password { get; set; } = SeedData.Password;

    /// <summary>Asked for the second factor only when the page shows the code step.</summary>
    public Func<string>? Code { get; set; }

    /// <summary>The pages the browser was shown, in order (HTML), for assertions about the hosted page itself.</summary>
    public List<string> Pages { get; } = [];

    /// <summary>The final redirect the emulator answered with (the client's redirect URI with code or error).</summary>
    public string? LastRedirect { get; private set; }

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(options.StartUrl, cancellationToken);
        var answer = await FollowAsync(response, cancellationToken);
        return answer is null
            ? new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = "The hosted page did not send the browser back to the client." }
            : new BrowserResult { ResultType = BrowserResultType.Success, Response = answer };
    }

    public async Task<HttpResponseMessage> GetAsync(string url) => await http.GetAsync(url);

    /// <summary>Submits the page's form with these fields (plus its hidden fields); the raw answer.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, params (string Name, string Value)[] fields)
    {
        var action = FormAction().Match(page).Groups[1].Value;
        var values = HiddenField().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return await http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private async Task<string?> FollowAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        for (var step = 0; step < 4; step++)
        {
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                LastRedirect = response.Headers.Location!.ToString();
                return LastRedirect;
            }

            var page = await response.Content.ReadAsStringAsync(cancellationToken);
            Pages.Add(page);
            if (page.Contains("name=\"password\"", StringComparison.Ordinal) && step == 0)
            {
                response = await SubmitAsync(page, ("login", Login), ("password", Password), ("action", "continue"));
            }
            else if (page.Contains("name=\"code\"", StringComparison.Ordinal) && Code is not null)
            {
                response = await SubmitAsync(page, ("code", Code()), ("action", "continue"));
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}

/// <summary>OidcClient ships no JWT validator: this one checks the ID token's ES256 signature against the provider's JWKS, issuer, audience and lifetime.</summary>
public sealed class JwksIdentityTokenValidator : IIdentityTokenValidator
{
    public async Task<IdentityTokenValidationResult> ValidateAsync(string identityToken, OidcClientOptions options, CancellationToken cancellationToken = default)
    {
        var keys = new JsonWebKeySet(JsonSerializer.Serialize(options.ProviderInformation.KeySet));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(identityToken, new TokenValidationParameters
        {
            ValidIssuer = options.ProviderInformation.IssuerName,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            NameClaimType = "name",
        });
        return result.IsValid
            ? new IdentityTokenValidationResult { User = new ClaimsPrincipal(result.ClaimsIdentity), SignatureAlgorithm = SecurityAlgorithms.EcdsaSha256 }
            : new IdentityTokenValidationResult { Error = "invalid_id_token: " + result.Exception?.Message };
    }
}

public static class OidcClients
{
    public const string PortalRedirect = "http://127.0.0.1:7345/signin-oidc";

    public static OidcClient For(TestEmulator emulator, HostedPageBrowser browser, string clientId = "app_lambapages", string redirectUri = PortalRedirect) =>
        new(new OidcClientOptions
        {
            Authority = emulator.Running.BaseAddress.ToString().TrimEnd('/'),
            ClientId = clientId,
            RedirectUri = redirectUri,
            PostLogoutRedirectUri = "http://127.0.0.1:7345/signout-callback-oidc",
            Scope = "openid profile email offline_access",
            Browser = browser,
            LoadProfile = false,
            IdentityTokenValidator = new JwksIdentityTokenValidator(),
        });

    public static string? Claim(this LoginResult result, string type) => result.User.FindFirst(type)?.Value;
}
