using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

/// <summary>A session as the self-service and admin lists show it; <c>userId</c> and <c>email</c> matter to admins [ours].</summary>
public sealed record SessionItem(
    string Id,
    string UserId,
    string? Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    string? UserAgent,
    string? IpAddress,
    bool Current,
    ProjectRef? ActiveProject);

/// <summary>Pages of live sessions, newest first, shared by <c>GET /v1/me/sessions</c> and <c>GET /v1/admin/sessions</c>.</summary>
public static class SessionListing
{
    public const string IdPrefix = "ses";

    /// <summary>
    /// Live: not revoked and still refreshable (a session whose refresh token has expired is over even though nobody
    /// ended it). The caller's own session always counts, since the caller is using it right now.
    /// </summary>
    public static IQueryable<Session> Live(LambaDb db, string currentSessionId, DateTimeOffset now) =>
        db.Sessions.AsNoTracking().Where(s => s.RevokedAt == null
            && (s.Id == currentSessionId || db.RefreshTokens.Any(t => t.SessionId == s.Id && t.RotatedAt == null && t.ExpiresAt > now)));

    public static async Task<ListPage<SessionItem>> PageAsync(
        LambaDb db, IQueryable<Session> sessions, PageRequest page, string currentSessionId, CancellationToken cancellationToken)
    {
        if (page.AfterId is { } afterId)
        {
            sessions = sessions.Where(s => string.Compare(s.Id, afterId) < 0);
        }

        var rows = await (from s in sessions
                          join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                          orderby s.Id descending
                          select new { Session = s, u.Email })
            .Take(page.FetchCount)
            .ToListAsync(cancellationToken);
        var projectIds = rows.Select(r => r.Session.ProjectId).OfType<string>().Distinct().ToList();
        var projectNames = await db.Projects.AsNoTracking()
            .Where(p => projectIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

        return KeysetPaging.Build(rows, page, r => r.Session.Id, r =>
        {
            var s = r.Session;
            var project = s.ProjectId is { } projectId && projectNames.TryGetValue(projectId, out var name)
                ? new ProjectRef(projectId, name, s.Environment ?? "")
                : null;
            return new SessionItem(s.Id, s.UserId, r.Email, s.CreatedAt, s.LastSeenAt, s.UserAgent, s.IpAddress, s.Id == currentSessionId, project);
        });
    }
}
