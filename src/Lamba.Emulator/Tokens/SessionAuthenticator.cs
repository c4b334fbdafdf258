using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tokens;

/// <summary>
/// Turns a bearer header into a <see cref="Caller"/>: a valid JWT is not enough, its session must be alive and
/// the token's generation current. Refreshes the session's lastSeenAt.
/// </summary>
public sealed class SessionAuthenticator(AccessTokens accessTokens, LambaDb db, EmulatorClock clock)
{
    public async Task<(Caller? Caller, ProblemResult? Problem)> AuthenticateAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var token = BearerToken(httpContext);
        if (token is null)
        {
            return Deny(ErrorCodes.Unauthenticated, "A bearer access token is required.");
        }

        var (state, claims) = await accessTokens.ReadAsync(token);
        if (state == AccessTokenState.Invalid || claims is null)
        {
            return Deny(ErrorCodes.Unauthenticated, "The access token is not valid.");
        }

        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == claims.SessionId, cancellationToken);
        if (session is null || session.RevokedAt is not null || session.UserId != claims.UserId)
        {
            return Deny(ErrorCodes.SessionRevoked, "The session has ended; sign in again.");
        }

        if (state == AccessTokenState.Expired)
        {
            return Deny(ErrorCodes.TokenExpired, "The access token has expired; refresh it.");
        }

        if (session.Generation != claims.Generation)
        {
            return Deny(ErrorCodes.Unauthenticated, "This access token was replaced by switch-context; use the newer one.");
        }

        var now = clock.GetUtcNow();
        await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        return (new Caller(session.UserId, session.Id, session.WorkspaceId, session.ProjectId, session.Environment), null);
    }

    /// <summary>The session a signed token names, ignoring expiry and revocation: logout must work with a stale token and stay idempotent.</summary>
    public async Task<string?> SessionIdIgnoringExpiryAsync(HttpContext httpContext)
    {
        var token = BearerToken(httpContext);
        if (token is null)
        {
            return null;
        }

        var (state, claims) = await accessTokens.ReadAsync(token);
        return state == AccessTokenState.Invalid ? null : claims?.SessionId;
    }

    private static string? BearerToken(HttpContext httpContext)
    {
        var header = httpContext.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    private static (Caller?, ProblemResult?) Deny(string errorCode, string detail) => (null, Problems.Unauthorized(errorCode, detail));
}
