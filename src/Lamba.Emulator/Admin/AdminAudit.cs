using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

/// <summary>Audit actions of the admin surface (<see cref="AuditActions.SessionRevoked"/> is shared with the core).</summary>
public static class AdminActions
{
    public const string MemberRolesChanged = "member.roles_changed";
    public const string MemberRemoved = "member.removed";
    public const string InvitationCreated = "invitation.created";
    public const string InvitationResent = "invitation.resent";
    public const string InvitationRevoked = "invitation.revoked";
}

/// <summary>Every admin mutation leaves an event in the Project environment it acted on, with the acting admin and the request's trace id.</summary>
public static class AdminAudit
{
    /// <summary>Tracks the event; the caller's SaveChanges writes it together with the change it describes.</summary>
    public static async Task RecordAsync(AuditWriter audit, LambaDb db, AdminScope scope, string action, string target, CancellationToken cancellationToken)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == scope.Caller.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        audit.Record(action, target, scope.Caller.UserId, email, scope.WorkspaceId, scope.ProjectId, scope.Environment);
    }
}
