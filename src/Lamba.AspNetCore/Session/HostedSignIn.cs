using System.Globalization;
using System.Net;
using Lamba.AspNetCore.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// "Continue with Lamba" (OIDC hosted sign-in, only when LAMBA_CLIENT_ID is set): ASP.NET Core's OpenIdConnect handler
/// does the protocol (code flow, PKCE, state, nonce, ID token checks); its tokens then become the same encrypted
/// cookie session as every other sign-in, with the configured switch-context applied (contract section 3). The
/// handler's own sign-in is never used: the session cookies are the only thing the browser keeps.
/// </summary>
public static class HostedSignIn
{
    public const string Scheme = "Lamba";
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>True when an App Client id is configured, so the login page may offer hosted sign-in.</summary>
    public static bool IsConfigured(LambaOptions options) => !string.IsNullOrWhiteSpace(options?.ClientId);

    public static IServiceCollection AddLambaHostedSignIn(this IServiceCollection services, LambaHostingOptions hosting)
    {
        services.AddAuthentication().AddOpenIdConnect(Scheme, "Lamba", _ => { });
        // Configured from LambaOptions when first needed: the id host may be the embedded emulator, known only once it runs.
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<LambaOptions>>((oidc, lamba) => Configure(oidc, lamba.Value, hosting));
        return services;
    }

    private static void Configure(OpenIdConnectOptions oidc, LambaOptions lamba, LambaHostingOptions hosting)
    {
        var authority = lamba.AuthBaseUrl ?? throw new InvalidOperationException("LAMBA_CUSTOMER_AUTH_BASE_URL is needed for hosted sign-in.");
        oidc.Authority = authority.ToString().TrimEnd('/');
        oidc.ClientId = lamba.ClientId;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // A top-level GET back to the portal carries the Lax correlation and nonce cookies; form_post would need SameSite=None.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.UsePkce = true;
        oidc.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "email", "offline_access" })
        {
            oidc.Scope.Add(scope);
        }

        oidc.CallbackPath = CallbackPath;
        oidc.SignedOutCallbackPath = SignedOutCallbackPath;
        oidc.SignedOutRedirectUri = hosting.LoginPath;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.MapInboundClaims = false;
        // Plain http is accepted only for a loopback id host (the emulator).
        oidc.RequireHttpsMetadata = !IsLoopback(authority);
        oidc.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = SignInToSessionAsync,
            OnRedirectToIdentityProviderForSignOut = context =>
            {
                // No ID token is kept, so the App Client names itself (OIDC RP-Initiated Logout: client_id with post_logout_redirect_uri).
                context.ProtocolMessage.ClientId = context.Options.ClientId;
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostedSignIn))
                    .LogWarning("Hosted sign-in with Lamba did not complete: {Failure}", context.Failure?.GetType().Name);
                context.Response.Redirect(hosting.LoginPath + "?hostedSignIn=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The code has been redeemed and the ID token checked: store the tokens as the session, in the configured context.</summary>
    private static async Task SignInToSessionAsync(TokenValidatedContext context)
    {
        var response = context.TokenEndpointResponse
            ?? throw new InvalidOperationException("The token endpoint answered nothing.");
        var now = DateTimeOffset.UtcNow;
        var issued = new LambaTokens(
            response.AccessToken,
            response.RefreshToken ?? throw new InvalidOperationException("Lamba issued no refresh token; the offline_access scope is needed."),
            ReadTime(response, "refresh_token_expires_at") ?? now.AddDays(30),
            ReadTime(response, "access_token_expires_at") ?? (int.TryParse(response.ExpiresIn, CultureInfo.InvariantCulture, out var seconds) ? now.AddSeconds(seconds) : null));
        var services = context.HttpContext.RequestServices;
        var tokens = await services.GetRequiredService<SessionEstablisher>().EstablishAsync(issued, context.HttpContext.RequestAborted);
        services.GetRequiredService<LambaSession>().SignIn(tokens);

        var returnTo = context.Properties?.RedirectUri;
        context.Response.Redirect(returnTo is { Length: > 0 } && returnTo.StartsWith('/') && !returnTo.StartsWith("//", StringComparison.Ordinal) && !returnTo.StartsWith("/\\", StringComparison.Ordinal) ? returnTo : "/");
        context.HandleResponse();
    }

    private static DateTimeOffset? ReadTime(OpenIdConnectMessage response, string name) =>
        DateTimeOffset.TryParse(response.GetParameter(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
