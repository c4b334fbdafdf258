using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record SwitchContextRequest(string? WorkspaceId, string? ProjectId, string? Environment);

/// <summary><c>POST /v1/sessions/switch-context</c>: a new pair for the same session, scoped to a Project environment the caller belongs to.</summary>
public static class SwitchContext
{
    public static async Task<IResult> HandleAsync(
        SwitchContextRequest body, Caller caller, LambaDb db, SessionService sessions, AuditWriter audit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.WorkspaceId))
        {
            errors.Add("workspaceId", "Give the Workspace id.");
        }

        if (string.IsNullOrWhiteSpace(body.ProjectId))
        {
            errors.Add("projectId", "Give the Project id.");
        }

        if (!EnvironmentKeys.IsKnown(body.Environment))
        {
            errors.Add("environment", "Use test or prod.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await db.Workspaces.AnyAsync(w => w.Id == body.WorkspaceId, cancellationToken))
        {
            return Problems.NotFound("No such Workspace.");
        }

        if (!await db.Projects.AnyAsync(p => p.Id == body.ProjectId && p.WorkspaceId == body.WorkspaceId, cancellationToken))
        {
            return Problems.NotFound("No such Project in this Workspace.");
        }

        var member = await db.Memberships.AnyAsync(
            m => m.UserId == caller.UserId && m.ProjectId == body.ProjectId && m.Environment == body.Environment && m.Status == MembershipStatus.Active,
            cancellationToken);
        if (!member)
        {
            return Problems.Forbidden(ErrorCodes.AuthorizationDenied, "You are not an active member of this Project in that environment.");
        }

        var email = await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        // Tracked now, saved inside the switch's transaction.
        audit.Record(AuditActions.ContextSwitched, caller.SessionId, caller.UserId, email, body.WorkspaceId!, body.ProjectId!, body.Environment!);
        var pair = await sessions.SwitchContextAsync(caller.SessionId, body.WorkspaceId!, body.ProjectId!, body.Environment!, cancellationToken);
        return pair is null
            ? Problems.Unauthorized(ErrorCodes.SessionRevoked, "The session has ended; sign in again.")
            : Results.Ok(pair);
    }
}
