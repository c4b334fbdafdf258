using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

public sealed record AuditActor(string? UserId, string? Email);

public sealed record AuditEventItem(string Id, DateTimeOffset OccurredAt, AuditActor Actor, string Action, string? Target, string TraceId);

/// <summary><c>GET /v1/admin/audit-events</c>: the active Project environment's events, newest first.</summary>
public static class AuditLog
{
    public const string IdPrefix = "evt";

    /// <summary>Optional filters [ours]: <c>actor</c> (a user id or an email) and <c>action</c> (exact, e.g. <c>member.removed</c>).</summary>
    public static async Task<IResult> ListAsync(
        int? limit, string? cursor, string? actor, string? action, AdminScope scope, LambaDb db, CancellationToken cancellationToken)
    {
        var (page, problem) = KeysetPaging.Read(limit, cursor, IdPrefix);
        if (page is null)
        {
            return problem!;
        }

        var query = db.AuditEvents.AsNoTracking().Where(e => e.ProjectId == scope.ProjectId && e.Environment == scope.Environment);
        if (!string.IsNullOrWhiteSpace(actor))
        {
            var who = actor.Trim();
            var email = who.ToLowerInvariant();
            query = query.Where(e => e.ActorUserId == who || e.ActorEmail == email);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            var what = action.Trim();
            query = query.Where(e => e.Action == what);
        }

        if (page.AfterId is { } afterId)
        {
            query = query.Where(e => string.Compare(e.Id, afterId) < 0);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(page.FetchCount).ToListAsync(cancellationToken);
        return Results.Ok(KeysetPaging.Build(rows, page, e => e.Id, e =>
            new AuditEventItem(e.Id, e.OccurredAt, new AuditActor(e.ActorUserId, e.ActorEmail), e.Action, e.Target, e.TraceId)));
    }
}
