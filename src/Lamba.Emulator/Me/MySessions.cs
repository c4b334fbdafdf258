using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

/// <summary><c>/v1/me/sessions</c>: the caller's own live sessions; ending one, or every one but the current.</summary>
public static class MySessions
{
    public static async Task<IResult> ListAsync(int? limit, string? cursor, Caller caller, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var (page, problem) = KeysetPaging.Read(limit, cursor, SessionListing.IdPrefix);
        if (page is null)
        {
            return problem!;
        }

        var mine = SessionListing.Live(db, caller.SessionId, clock.GetUtcNow()).Where(s => s.UserId == caller.UserId);
        return Results.Ok(await SessionListing.PageAsync(db, mine, page, caller.SessionId, cancellationToken));
    }

    /// <summary>204, also for one of the caller's sessions that has already ended (idempotent); 404 for anyone else's, so ids are not probed.</summary>
    public static async Task<IResult> RevokeAsync(
        string sessionId, Caller caller, LambaDb db, SessionService sessions, AuditWriter audit, CancellationToken cancellationToken)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId && s.UserId == caller.UserId, cancellationToken))
        {
            return Problems.NotFound("You have no session with this id.");
        }

        if (await sessions.RevokeAsync(sessionId, RevokeReasons.RevokedByUser, cancellationToken))
        {
            var email = await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.Email).SingleAsync(cancellationToken);
            audit.Record(AuditActions.SessionRevoked, sessionId, caller.UserId, email);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.NoContent();
    }

    /// <summary>"Sign out everywhere else": 204 with <see cref="Security.SessionsEndedHeader"/>.</summary>
    public static async Task<IResult> RevokeOthersAsync(
        Caller caller, HttpContext httpContext, SessionService sessions, CancellationToken cancellationToken)
    {
        var ended = await sessions.RevokeUserSessionsAsync(caller.UserId, caller.SessionId, RevokeReasons.RevokedByUser, cancellationToken);
        return Security.SessionsEnded(httpContext, ended);
    }
}
