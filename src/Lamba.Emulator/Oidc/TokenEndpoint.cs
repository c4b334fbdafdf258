using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Lamba.Emulator.Auth;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Oidc;

/// <summary>
/// <c>POST /connect/token</c> (form-encoded): <c>authorization_code</c> (PKCE S256, single-use code; a replay ends
/// the session the code opened), <c>refresh_token</c> (the rotation and reuse rules of <c>/v1/auth/refresh</c>, by the
/// same code, for the client the session was issued to only), and <c>client_credentials</c> (a management token for one Project environment).
/// Errors are OAuth's <c>{ error, error_description }</c>, with the Lamba <c>errorCode</c> where one applies.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext httpContext, LambaDb db, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.HasFormContentType)
        {
            return Error("invalid_request", "Send the parameters form-encoded (application/x-www-form-urlencoded).");
        }

        var form = await httpContext.Request.ReadFormAsync(cancellationToken);
        var (client, clientError) = await AuthenticateClientAsync(httpContext, form, db, cancellationToken);
        if (client is null)
        {
            return clientError!;
        }

        var services = httpContext.RequestServices;
        return form["grant_type"].ToString() switch
        {
            "authorization_code" => await RedeemCodeAsync(form, client, httpContext, db, services, cancellationToken),
            "refresh_token" => await RefreshAsync(form, client, services.GetRequiredService<SessionService>(), services.GetRequiredService<EmulatorClock>(), cancellationToken),
            "client_credentials" => await ManagementTokenAsync(form, client, db, services.GetRequiredService<OidcTokens>(), services.GetRequiredService<EmulatorClock>(), cancellationToken),
            _ => Error("unsupported_grant_type", "Use authorization_code, refresh_token or client_credentials."),
        };
    }

    private static async Task<IResult> RedeemCodeAsync(
        IFormCollection form, AppClient client, HttpContext httpContext, LambaDb db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<AuthorizationStore>();
        var sessions = services.GetRequiredService<SessionService>();
        var clock = services.GetRequiredService<EmulatorClock>();
        var issued = store.FindCode(form["code"].ToString());
        if (issued is null || issued.Request.ClientId != client.Id)
        {
            return Error("invalid_grant", "The code is not valid for this client.");
        }

        if (!issued.TryRedeem())
        {
            // Code replay (RFC 6749 section 4.1.2): whoever holds a copy must not keep what the first redemption got.
            issued.MarkReplayed();
            if (issued.SessionId is { } replayedSession)
            {
                await sessions.RevokeAsync(replayedSession, RevokeReasons.CodeReplayed, cancellationToken);
            }

            return Error("invalid_grant", "The code was already used; the tokens it issued are revoked.");
        }

        if (issued.ExpiresAt <= clock.GetUtcNow())
        {
            return Error("invalid_grant", "The code has expired; sign in again.");
        }

        if (form["redirect_uri"] != issued.Request.RedirectUri)
        {
            return Error("invalid_grant", "redirect_uri differs from the one the code was issued for.");
        }

        if (!VerifierMatches(form["code_verifier"].ToString(), issued.Request.CodeChallenge))
        {
            return Error("invalid_grant", "code_verifier does not match the code_challenge (PKCE S256).");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == issued.UserId, cancellationToken);
        if (user is null)
        {
            return Error("invalid_grant", "The user no longer exists.");
        }

        var (pair, _) = await services.GetRequiredService<SignInService>().CompleteAsync(user, "oidc", invitationToken: null, httpContext, cancellationToken);
        // The token was minted a line above by this process: its session id is read, not trusted from outside.
        var sessionId = new JsonWebToken(pair!.AccessToken).GetPayloadValue<string>(AccessTokens.SessionClaim);
        issued.SessionId = sessionId;
        await sessions.BindToClientAsync(sessionId, client.Id, cancellationToken);
        if (issued.WasReplayed)
        {
            // A replay raced this redemption: it lost, and so does this session.
            await sessions.RevokeAsync(sessionId, RevokeReasons.CodeReplayed, cancellationToken);
            return Error("invalid_grant", "The code was presented twice; the tokens it issued are revoked.");
        }

        var idToken = services.GetRequiredService<OidcTokens>().IssueIdToken(user, client.Id, sessionId, issued.Request.Nonce, issued.AuthTime, issued.Amr);
        return TokenResponse(pair, clock, idToken, issued.Request.Scope);
    }

    private static async Task<IResult> RefreshAsync(IFormCollection form, AppClient client, SessionService sessions, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var presented = form["refresh_token"].ToString().Trim();
        if (presented.Length == 0)
        {
            return Error("invalid_request", "Give the refresh_token.");
        }

        var outcome = await sessions.RefreshAsync(presented, cancellationToken, client.Id);
        return outcome.Pair is null
            ? Error("invalid_grant", outcome.Problem!.Detail, outcome.Problem.ErrorCode)
            : TokenResponse(outcome.Pair, clock, idToken: null, scope: null);
    }

    private static async Task<IResult> ManagementTokenAsync(
        IFormCollection form, AppClient client, LambaDb db, OidcTokens tokens, EmulatorClock clock, CancellationToken cancellationToken)
    {
        if (!client.IsConfidential)
        {
            return Error("unauthorized_client", "client_credentials needs a confidential client (one with a secret).");
        }

        var workspaceId = form["workspaceId"].ToString();
        var projectId = form["projectId"].ToString();
        var environment = form["environment"].ToString();
        if (workspaceId.Length == 0 || projectId.Length == 0 || !EnvironmentKeys.IsKnown(environment))
        {
            return Error("invalid_request", "Give workspaceId, projectId and environment (test or prod).");
        }

        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId && p.WorkspaceId == workspaceId, cancellationToken);
        if (project is null || !project.Environments.Contains(environment))
        {
            return Error("invalid_target", "No such Project environment in that Workspace.");
        }

        var (token, expiresAt) = tokens.IssueManagementToken(client, workspaceId, projectId, environment);
        return Results.Json(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = ExpiresIn(expiresAt, clock),
            ["access_token_expires_at"] = expiresAt,
        });
    }

    /// <summary>client_secret_basic, client_secret_post, or none (public client, client_id only).</summary>
    private static async Task<(AppClient? Client, IResult? Error)> AuthenticateClientAsync(HttpContext httpContext, IFormCollection form, LambaDb db, CancellationToken cancellationToken)
    {
        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var usedBasic = false;
        if (AuthenticationHeaderValue.TryParse(httpContext.Request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                clientId = Uri.UnescapeDataString(decoded[..Math.Max(colon, 0)]);
                secret = colon < 0 ? "" : Uri.UnescapeDataString(decoded[(colon + 1)..]);
                usedBasic = true;
            }
            catch (FormatException)
            {
                return (null, InvalidClient(usedBasic: true));
            }
        }

        var client = clientId.Length == 0 ? null : await db.AppClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        var authenticated = client is not null && (client.IsConfidential ? client.SecretMatches(secret) : secret.Length == 0);
        return authenticated ? (client, null) : (null, InvalidClient(usedBasic));
    }

    private static bool VerifierMatches(string verifier, string challenge)
    {
        if (verifier.Length is < 43 or > 128)
        {
            return false;
        }

        var computed = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return Secrets.FixedTimeEquals(computed, challenge);
    }

    private static IResult TokenResponse(TokenPair pair, EmulatorClock clock, string? idToken, string? scope)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["access_token"] = pair.AccessToken,
            ["token_type"] = pair.TokenType,
            ["expires_in"] = ExpiresIn(pair.AccessTokenExpiresAt, clock),
            ["refresh_token"] = pair.RefreshToken,
            ["access_token_expires_at"] = pair.AccessTokenExpiresAt,
            ["refresh_token_expires_at"] = pair.RefreshTokenExpiresAt,
        };
        if (idToken is not null)
        {
            body["id_token"] = idToken;
        }

        if (scope is not null)
        {
            body["scope"] = scope;
        }

        return Results.Json(body);
    }

    private static long ExpiresIn(DateTimeOffset expiresAt, EmulatorClock clock) => Math.Max(0, (long)(expiresAt - clock.GetUtcNow()).TotalSeconds);

    private static OAuthError InvalidClient(bool usedBasic) => new OAuthError(
        StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client, or wrong or missing client authentication.", null, usedBasic ? "Basic" : null);

    private static OAuthError Error(string error, string description, string? errorCode = null) =>
        new OAuthError(StatusCodes.Status400BadRequest, error, description, errorCode, null);

    /// <summary>RFC 6749 section 5.2's error body; <c>errorCode</c> carries the Lamba code (e.g. REFRESH_TOKEN_REUSED) when there is one.</summary>
    private sealed class OAuthError(int status, string error, string description, string? errorCode, string? challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }

            var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["error"] = error, ["error_description"] = description };
            if (errorCode is not null)
            {
                body["errorCode"] = errorCode;
            }

            return Results.Json(body, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
