using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record RefreshRequest(string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

/// <summary><c>POST /v1/auth/refresh</c> and <c>POST /v1/auth/logout</c>.</summary>
public static class SessionTokens
{
    public static async Task<IResult> RefreshAsync(RefreshRequest body, SessionService sessions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
        {
            return Problems.Validation("refreshToken", "Give the refresh token.");
        }

        var outcome = await sessions.RefreshAsync(body.RefreshToken.Trim(), cancellationToken);
        return outcome.Pair is null ? outcome.Problem! : Results.Ok(outcome.Pair);
    }

    /// <summary>
    /// Ends the session named by the bearer token (even an expired one) or, failing that, by the refresh token.
    /// Idempotent: an already-ended session still answers 204.
    /// </summary>
    public static async Task<IResult> LogoutAsync(
        HttpContext httpContext, SessionAuthenticator authenticator, SessionService sessions, LambaDb db, CancellationToken cancellationToken)
    {
        var sessionId = await authenticator.SessionIdIgnoringExpiryAsync(httpContext);
        if (sessionId is null && await ReadOptionalBodyAsync(httpContext, cancellationToken) is { RefreshToken: { Length: > 0 } refreshToken })
        {
            var hash = Secrets.Hash(refreshToken.Trim());
            sessionId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => t.SessionId).SingleOrDefaultAsync(cancellationToken);
        }

        if (sessionId is null)
        {
            return Problems.Unauthorized(ErrorCodes.Unauthenticated, "A bearer access token (or the session's refresh token) is required.");
        }

        await sessions.RevokeAsync(sessionId, RevokeReasons.Logout, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>The body is optional and may be empty; only a JSON body is read.</summary>
    private static async Task<LogoutRequest?> ReadOptionalBodyAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.HasJsonContentType() || httpContext.Request.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await httpContext.Request.ReadFromJsonAsync<LogoutRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
