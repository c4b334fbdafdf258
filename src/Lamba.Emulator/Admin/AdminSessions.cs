using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

/// <summary>
/// <c>/v1/admin/sessions</c>: live sessions of the active Project environment's members. [ours] A session that is
/// currently inside another Project (or environment) is that Project's business, so it is neither listed nor
/// revocable here; sessions without a context yet are.
/// </summary>
public static class AdminSessions
{
    public static async Task<IResult> ListAsync(
        string? userId, int? limit, string? cursor, AdminScope scope, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var (page, problem) = KeysetPaging.Read(limit, cursor, SessionListing.IdPrefix);
        if (page is null)
        {
            return problem!;
        }

        var sessions = Visible(db, scope, SessionListing.Live(db, scope.Caller.SessionId, clock.GetUtcNow()));
        if (!string.IsNullOrWhiteSpace(userId))
        {
            sessions = sessions.Where(s => s.UserId == userId);
        }

        return Results.Ok(await SessionListing.PageAsync(db, sessions, page, scope.Caller.SessionId, cancellationToken));
    }

    /// <summary>204 (also when it had already ended); 404 when the session is not one this Project can see.</summary>
    public static async Task<IResult> RevokeAsync(
        string sessionId, AdminScope scope, LambaDb db, SessionService sessions, AuditWriter audit, CancellationToken cancellationToken)
    {
        if (!await Visible(db, scope, db.Sessions.AsNoTracking()).AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return Problems.NotFound("No such session among the members of the active Project environment.");
        }

        if (await sessions.RevokeAsync(sessionId, RevokeReasons.RevokedByAdmin, cancellationToken))
        {
            await AdminAudit.RecordAsync(audit, db, scope, AuditActions.SessionRevoked, sessionId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.NoContent();
    }

    private static IQueryable<Session> Visible(LambaDb db, AdminScope scope, IQueryable<Session> sessions) =>
        sessions.Where(s =>
            db.Memberships.Any(m => m.UserId == s.UserId && m.ProjectId == scope.ProjectId && m.Environment == scope.Environment)
            && (s.ProjectId == null || (s.ProjectId == scope.ProjectId && s.Environment == scope.Environment)));
}
