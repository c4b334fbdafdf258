using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tokens;

public sealed record RefreshOutcome(TokenPair? Pair, ProblemResult? Problem);

/// <summary>
/// Sessions and their tokens: start, refresh (atomic rotation with reuse detection), switch context, revoke.
/// Other surfaces end sessions only through the Revoke methods, so the revocation counter stays true.
/// </summary>
public sealed class SessionService(
    LambaDb db,
    AccessTokens accessTokens,
    RefreshGrace grace,
    AuditWriter audit,
    EmulatorOptions options,
    EmulatorClock clock,
    EmulatorStats stats,
    WebhookEvents webhooks)
{
    /// <summary>Opens a session for a user who just proved who they are; saves it with any pending changes of the caller.</summary>
    public async Task<TokenPair> StartAsync(User user, string method, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new Session
        {
            Id = Ids.New("ses"),
            UserId = user.Id,
            Method = method,
            CreatedAt = now,
            LastSeenAt = now,
            UserAgent = Truncate(httpContext.Request.Headers.UserAgent.ToString(), 512),
            IpAddress = httpContext.Connection.RemoteIpAddress?.ToString(),
            Generation = 1,
        };
        var (refreshToken, refreshEntity) = NewRefreshToken(session.Id, parentId: null, now);
        db.Sessions.Add(session);
        db.RefreshTokens.Add(refreshEntity);
        user.LastLoginAt = now;
        audit.Record(AuditActions.UserSignedIn, target: method, actorUserId: user.Id, actorEmail: user.Email);
        await db.SaveChangesAsync(cancellationToken);
        return Pair(session, refreshToken, refreshEntity.ExpiresAt);
    }

    /// <summary>
    /// Rotates a refresh token. Of parallel refreshes of one token exactly one wins; any other presentation of a rotated token is reuse.
    /// <paramref name="clientId"/> is the App Client presenting it at <c>/connect/token</c>: only the client the session was
    /// issued to may refresh it there (null on <c>/v1/auth/refresh</c>, which the app that holds the session calls).
    /// </summary>
    public async Task<RefreshOutcome> RefreshAsync(string presented, CancellationToken cancellationToken, string? clientId = null)
    {
        var now = clock.GetUtcNow();
        var hash = Secrets.Hash(presented);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return Fail(ErrorCodes.RefreshTokenInvalid, "The refresh token is not known.");
        }

        var session = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == token.SessionId)
            .Select(s => new { s.RevokedAt, s.ClientId })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null || session.RevokedAt is not null)
        {
            return Fail(ErrorCodes.SessionRevoked, "The session has ended; sign in again.");
        }

        if (clientId is not null && session.ClientId != clientId)
        {
            // Another client's token: refused before any rotation, so the owner's token stays good.
            return Fail(ErrorCodes.RefreshTokenInvalid, "The refresh token was not issued to this client.");
        }

        if (token.ExpiresAt <= now)
        {
            return Fail(ErrorCodes.RefreshTokenExpired, "The refresh token has expired; sign in again.");
        }

        if (token.RotatedAt is null && await TryRotateAsync(token, now, cancellationToken) is { } rotated)
        {
            return rotated;
        }

        return await OnRotatedTokenAsync(token.Id, cancellationToken);
    }

    /// <summary>Moves the session into a Workspace/Project/environment: bumps its generation (old access tokens die) and rotates its refresh token.</summary>
    public async Task<TokenPair?> SwitchContextAsync(string sessionId, string workspaceId, string projectId, string environment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null, cancellationToken);
        if (session is null)
        {
            return null;
        }

        session.WorkspaceId = workspaceId;
        session.ProjectId = projectId;
        session.Environment = environment;
        session.Generation++;
        session.LastSeenAt = now;
        var current = await db.RefreshTokens
            .Where(t => t.SessionId == sessionId && t.RotatedAt == null)
            .OrderByDescending(t => t.IssuedAt)
            .ToListAsync(cancellationToken);
        foreach (var token in current)
        {
            token.RotatedAt = now;
        }

        var parent = current.FirstOrDefault();
        var (refreshToken, child) = NewRefreshToken(sessionId, parent?.Id, now);
        db.RefreshTokens.Add(child);
        await db.SaveChangesAsync(cancellationToken);
        if (parent is not null)
        {
            grace.Remember(parent.Id, child.Id, refreshToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Pair(session, refreshToken, child.ExpiresAt);
    }

    /// <summary>Binds a session just opened by an authorization code to the App Client that redeemed the code.</summary>
    public async Task BindToClientAsync(string sessionId, string clientId, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ClientId, clientId), cancellationToken);

    /// <summary>Ends one session; true when this call ended it (false when it had already ended or does not exist).</summary>
    public async Task<bool> RevokeAsync(string sessionId, string reason, CancellationToken cancellationToken) =>
        await EndAsync(db.Sessions.Where(s => s.Id == sessionId), reason, cancellationToken) > 0;

    /// <summary>Ends every live session of a user, optionally but one (password change keeps the current session).</summary>
    public async Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId, string reason, CancellationToken cancellationToken)
    {
        return await EndAsync(db.Sessions.Where(s => s.UserId == userId && s.Id != exceptSessionId), reason, cancellationToken);
    }

    /// <summary>Ends a user's live sessions whose active context is the given Project (membership removal).</summary>
    public async Task<int> RevokeProjectSessionsAsync(string userId, string projectId, string reason, CancellationToken cancellationToken)
    {
        return await EndAsync(db.Sessions.Where(s => s.UserId == userId && s.ProjectId == projectId), reason, cancellationToken);
    }

    /// <summary>
    /// The one way sessions end: each live one of <paramref name="which"/> is revoked by a conditional UPDATE (so
    /// of parallel revokes exactly one counts it) and announced as <c>session.revoked</c>.
    /// </summary>
    private async Task<int> EndAsync(IQueryable<Session> which, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var live = await which.Where(s => s.RevokedAt == null).AsNoTracking().ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var session in live)
        {
            if (await db.Sessions
                    .Where(s => s.Id == session.Id && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), cancellationToken) == 0)
            {
                continue;
            }

            ended++;
            webhooks.Raise(
                WebhookEventTypes.SessionRevoked, session.WorkspaceId, session.ProjectId, session.Environment, new SessionRevokedData(session.Id, session.UserId, reason));
        }

        stats.CountRevocations(ended);
        return ended;
    }

    private async Task<RefreshOutcome?> TryRotateAsync(RefreshToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: rotations queue on SQLite's write lock; the conditional UPDATE decides the single winner.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == token.SessionId && s.RevokedAt == null, cancellationToken);
        if (session is null)
        {
            return Fail(ErrorCodes.SessionRevoked, "The session has ended; sign in again.");
        }

        var (refreshToken, child) = NewRefreshToken(session.Id, token.Id, now);
        db.RefreshTokens.Add(child);
        await db.SaveChangesAsync(cancellationToken);
        // Remembered before commit, so a losing duplicate that sees the rotation also finds the child (grace mode).
        grace.Remember(token.Id, child.Id, refreshToken);
        await transaction.CommitAsync(cancellationToken);
        stats.CountRefresh();
        return new RefreshOutcome(Pair(session, refreshToken, child.ExpiresAt), null);
    }

    private async Task<RefreshOutcome> OnRotatedTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        var token = await db.RefreshTokens.AsNoTracking().SingleAsync(t => t.Id == tokenId, cancellationToken);
        if (token.RotatedAt is not null && grace.TryGetChild(token.Id, out var childId, out var childToken))
        {
            var child = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == childId && t.RotatedAt == null, cancellationToken);
            var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == token.SessionId && s.RevokedAt == null, cancellationToken);
            if (child is not null && session is not null)
            {
                return new RefreshOutcome(Pair(session, childToken, child.ExpiresAt), null);
            }
        }

        stats.CountReuseDetection();
        await RevokeAsync(token.SessionId, RevokeReasons.RefreshTokenReused, cancellationToken);
        return Fail(ErrorCodes.RefreshTokenReused, "This refresh token was already used; the session has been ended.");
    }

    private (string Token, RefreshToken Entity) NewRefreshToken(string sessionId, string? parentId, DateTimeOffset now)
    {
        var token = Secrets.NewToken();
        return (token, new RefreshToken
        {
            Id = Ids.New("rtk"),
            SessionId = sessionId,
            TokenHash = Secrets.Hash(token),
            IssuedAt = now,
            ExpiresAt = now + options.RefreshTokenLifetime,
            ParentId = parentId,
        });
    }

    private TokenPair Pair(Session session, string refreshToken, DateTimeOffset refreshExpiresAt)
    {
        var (accessToken, accessExpiresAt) = accessTokens.Issue(session);
        return new TokenPair(accessToken, accessExpiresAt, refreshToken, refreshExpiresAt);
    }

    private static RefreshOutcome Fail(string errorCode, string detail) => new(null, Problems.Unauthorized(errorCode, detail));

    private static string? Truncate(string value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
