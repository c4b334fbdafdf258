using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Store;
using Lamba.Emulator.Webhooks;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

public sealed record MemberItem(
    string UserId, string? Email, string? DisplayName, IReadOnlyList<string> RoleKeys, string Status, DateTimeOffset JoinedAt, DateTimeOffset? LastLoginAt);

public sealed record MemberUpdateRequest(List<string?>? RoleKeys);

/// <summary>
/// <c>/v1/admin/members</c>: the members of the active Project environment [ours: memberships, roles and status are
/// per environment, so the admin surface works on the environment of the active context].
/// </summary>
public static class Members
{
    public const string IdPrefix = "mbr";

    /// <summary>In join order. <c>query</c> matches a part of the email or display name, ignoring case.</summary>
    public static async Task<IResult> ListAsync(
        int? limit, string? cursor, string? query, AdminScope scope, LambaDb db, CancellationToken cancellationToken)
    {
        var (page, problem) = KeysetPaging.Read(limit, cursor, IdPrefix);
        if (page is null)
        {
            return problem!;
        }

        var rows = MembersOf(db, scope);
        if (!string.IsNullOrWhiteSpace(query))
        {
            // Case ignored on both sides (PostgreSQL's LIKE, unlike SQLite's, minds case); the input's own wildcards are
            // escaped so they match literally.
            var pattern = "%" + query.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.User.Email!.ToLower(), pattern, "\\") || EF.Functions.Like(r.User.DisplayName!.ToLower(), pattern, "\\"));
        }

        if (page.AfterId is { } afterId)
        {
            rows = rows.Where(r => string.Compare(r.Membership.Id, afterId) > 0);
        }

        var found = await rows.OrderBy(r => r.Membership.Id).Take(page.FetchCount).ToListAsync(cancellationToken);
        return Results.Ok(KeysetPaging.Build(found, page, r => r.Membership.Id, r => Item(r.Membership, r.User)));
    }

    public static async Task<IResult> GetAsync(string userId, AdminScope scope, LambaDb db, CancellationToken cancellationToken)
    {
        var row = await MembersOf(db, scope).SingleOrDefaultAsync(r => r.User.Id == userId, cancellationToken);
        return row is null ? NotAMember() : Results.Ok(Item(row.Membership, row.User));
    }

    /// <summary>
    /// Replaces the member's roles; 403 <c>ROLE_NOT_GRANTABLE</c> when a role given or taken away is above the caller's
    /// own (see <see cref="RoleGrants"/>), 409 <c>LAST_ADMIN</c> when the change would leave nobody able to manage members.
    /// </summary>
    public static async Task<IResult> UpdateAsync(
        string userId, MemberUpdateRequest body, AdminScope scope, LambaDb db, AuditWriter audit, WebhookEvents webhooks, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var roleKeys = await RoleCatalog.ReadRoleKeysAsync(db, scope.ProjectId, body.RoleKeys, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        // BEGIN IMMEDIATE: two admins demoting each other queue here, and the second sees the first's change.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var membership = await FindAsync(db, scope, userId, cancellationToken);
        if (membership is null)
        {
            return NotAMember();
        }

        // Both the roles given and the roles taken away must be at or below the caller's own.
        var changed = roleKeys.Except(membership.RoleKeys, StringComparer.Ordinal).Concat(membership.RoleKeys.Except(roleKeys, StringComparer.Ordinal));
        if (await RoleGrants.CheckAsync(db, scope, changed, cancellationToken) is { } notGrantable)
        {
            return notGrantable;
        }

        if (await LeavesNoAdminAsync(db, scope, membership, roleKeys, cancellationToken))
        {
            return LastAdmin();
        }

        if (!membership.RoleKeys.SequenceEqual(roleKeys, StringComparer.Ordinal))
        {
            var previous = membership.RoleKeys.ToList();
            membership.RoleKeys = [.. roleKeys];
            await AdminAudit.RecordAsync(audit, db, scope, AdminActions.MemberRolesChanged, userId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            webhooks.Raise(WebhookEventTypes.MemberRolesChanged, scope.WorkspaceId, scope.ProjectId, scope.Environment, new MemberRolesChangedData(userId, [.. roleKeys], previous));
        }

        await transaction.CommitAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        return Results.Ok(Item(membership, user));
    }

    /// <summary>Removes the membership and ends the member's sessions that are in this Project environment.</summary>
    public static async Task<IResult> RemoveAsync(
        string userId, AdminScope scope, LambaDb db, SessionService sessions, AuditWriter audit, WebhookEvents webhooks, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var membership = await FindAsync(db, scope, userId, cancellationToken);
        if (membership is null)
        {
            return NotAMember();
        }

        // Removing a member takes away every role they hold: an admin cannot remove an owner.
        if (await RoleGrants.CheckAsync(db, scope, membership.RoleKeys, cancellationToken) is { } notGrantable)
        {
            return notGrantable;
        }

        if (await LeavesNoAdminAsync(db, scope, membership, newRoleKeys: null, cancellationToken))
        {
            return LastAdmin();
        }

        db.Memberships.Remove(membership);
        await AdminAudit.RecordAsync(audit, db, scope, AdminActions.MemberRemoved, userId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        webhooks.Raise(WebhookEventTypes.MemberRemoved, scope.WorkspaceId, scope.ProjectId, scope.Environment, new MemberRemovedData(userId, [.. membership.RoleKeys]));
        var inThisProject = await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ProjectId == scope.ProjectId && s.Environment == scope.Environment)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var sessionId in inThisProject)
        {
            await sessions.RevokeAsync(sessionId, RevokeReasons.MembershipRemoved, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// True when <paramref name="target"/> is an active holder of <c>members:write</c> now, would not be after the
    /// change (<paramref name="newRoleKeys"/> null = removed), and no other active member holds it.
    /// </summary>
    private static async Task<bool> LeavesNoAdminAsync(
        LambaDb db, AdminScope scope, Membership target, IReadOnlyList<string>? newRoleKeys, CancellationToken cancellationToken)
    {
        var managerRoles = (await RoleCatalog.RolesOfAsync(db, scope.ProjectId, cancellationToken))
            .Where(r => r.Permissions.Contains(PermissionKeys.MembersWrite))
            .Select(r => r.Key)
            .ToHashSet(StringComparer.Ordinal);
        bool Manages(IEnumerable<string> roleKeys) => roleKeys.Any(managerRoles.Contains);

        if (target.Status != MembershipStatus.Active || !Manages(target.RoleKeys) || (newRoleKeys is not null && Manages(newRoleKeys)))
        {
            return false;
        }

        var others = await db.Memberships.AsNoTracking()
            .Where(m => m.ProjectId == scope.ProjectId && m.Environment == scope.Environment && m.Status == MembershipStatus.Active && m.Id != target.Id)
            .Select(m => m.RoleKeys)
            .ToListAsync(cancellationToken);
        return !others.Any(Manages);
    }

    private static IQueryable<MemberRow> MembersOf(LambaDb db, AdminScope scope) =>
        from m in db.Memberships.AsNoTracking()
        where m.ProjectId == scope.ProjectId && m.Environment == scope.Environment
        join u in db.Users.AsNoTracking() on m.UserId equals u.Id
        select new MemberRow { Membership = m, User = u };

    private static Task<Membership?> FindAsync(LambaDb db, AdminScope scope, string userId, CancellationToken cancellationToken) =>
        db.Memberships.SingleOrDefaultAsync(m => m.UserId == userId && m.ProjectId == scope.ProjectId && m.Environment == scope.Environment, cancellationToken);

    private static MemberItem Item(Membership membership, User user) =>
        new(user.Id, user.Email, user.DisplayName, membership.RoleKeys, membership.Status, membership.JoinedAt, user.LastLoginAt);

    private static ProblemResult NotAMember() => Problems.NotFound("This user is not a member of the active Project environment.");

    private static ProblemResult LastAdmin() =>
        Problems.Conflict(ErrorCodes.LastAdmin, "This would leave the Project with nobody who can manage members; give someone else that role first.");

    /// <summary>Built with an initializer, not a constructor, so EF can still filter and sort on its members.</summary>
    private sealed class MemberRow
    {
        public required Membership Membership { get; init; }

        public required User User { get; init; }
    }
}
