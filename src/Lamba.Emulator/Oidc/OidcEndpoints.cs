using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Oidc;

/// <summary>The OIDC provider of the id host (contract section 3, "OIDC"): discovery, authorize, token, end session.</summary>
public static class OidcEndpoints
{
    public static IEndpointRouteBuilder MapOidc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/openid-configuration", (TokenIssuer issuer) => Results.Json(Discovery(issuer.Issuer)));
        endpoints.MapGet("/connect/authorize", Authorize.StartAsync);
        endpoints.MapPost("/connect/authorize/signin", Authorize.SignInAsync);
        endpoints.MapPost("/connect/authorize/mfa", Authorize.SecondFactorAsync);
        endpoints.MapPost("/connect/token", TokenEndpoint.HandleAsync);
        endpoints.MapGet("/connect/endsession", EndSessionAsync);
        return endpoints;
    }

    public static IServiceCollection AddOidcProvider(this IServiceCollection services)
    {
        services.AddAntiforgery(options => options.Cookie.Name = "lamba_hosted_antiforgery");
        services.AddSingleton<AuthorizationStore>();
        services.AddSingleton<HostedSession>();
        services.AddSingleton<OidcTokens>();
        services.AddScoped<ManagementAccess>();
        return services;
    }

    private static Dictionary<string, object> Discovery(string issuer) => new(StringComparer.Ordinal)
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + "/connect/authorize",
        ["token_endpoint"] = issuer + "/connect/token",
        ["end_session_endpoint"] = issuer + "/connect/endsession",
        ["jwks_uri"] = issuer + "/.well-known/jwks.json",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", "client_credentials" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["claims_supported"] = new[] { "sub", "sid", "email", "email_verified", "name", "preferred_username", "auth_time", "amr", "nonce" },
        ["token_endpoint_auth_methods_supported"] = new[] { "none", "client_secret_basic", "client_secret_post" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["prompt_values_supported"] = new[] { "none", "login" },
        ["authorization_response_iss_parameter_supported"] = true,
    };

    /// <summary>
    /// RP-initiated logout: ends the hosted session (the cookie), and the Lamba session an <c>id_token_hint</c> names;
    /// then returns to a registered <c>post_logout_redirect_uri</c> with <c>state</c>, or shows a signed-out page.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(
        HttpContext httpContext, LambaDb db, OidcTokens tokens, HostedSession hosted, SessionService sessions, CancellationToken cancellationToken)
    {
        var query = httpContext.Request.Query;
        var clientId = query["client_id"].ToString();
        if (query["id_token_hint"].ToString() is { Length: > 0 } hint && await tokens.ReadIdTokenHintAsync(hint) is { } named)
        {
            if (clientId.Length > 0 && clientId != named.ClientId)
            {
                return HostedPages.Message(StatusCodes.Status400BadRequest, "Sign-out refused", "The sign-out request names two different apps.");
            }

            clientId = named.ClientId;
            await sessions.RevokeAsync(named.SessionId, RevokeReasons.Logout, cancellationToken);
        }

        hosted.End(httpContext);
        var returnTo = query["post_logout_redirect_uri"].ToString();
        if (returnTo.Length == 0)
        {
            return HostedPages.Message(StatusCodes.Status200OK, "Signed out", "You are signed out of Lamba. You can close this page.");
        }

        var client = clientId.Length == 0 ? null : await db.AppClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null || !client.AllowsPostLogoutRedirect(returnTo))
        {
            return HostedPages.Message(StatusCodes.Status400BadRequest, "Signed out", "You are signed out of Lamba, but the app asked to send you to an address it has not registered, so Lamba will not.");
        }

        var state = query["state"].ToString();
        return Results.Redirect(state.Length == 0 ? returnTo : QueryHelpers.AddQueryString(returnTo, "state", state));
    }
}
