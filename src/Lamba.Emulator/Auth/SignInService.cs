using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

/// <summary>
/// The last step of every sign-in and sign-up: accept an invitation if one was presented, open the session,
/// all in one transaction so a half-accepted invitation cannot exist.
/// </summary>
public sealed class SignInService(LambaDb db, SessionService sessions, AuditWriter audit, EmulatorClock clock)
{
    public const string InvitationField = "invitationToken";

    /// <summary>A pending, unexpired invitation for this email, or null. Reads only.</summary>
    public async Task<Invitation?> FindUsableInvitationAsync(string token, string? email, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return null;
        }

        var hash = Secrets.Hash(token.Trim());
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null
            && invitation.StatusAt(clock.GetUtcNow()) == InvitationStatus.Pending
            && string.Equals(invitation.Email, email, StringComparison.OrdinalIgnoreCase)
            ? invitation
            : null;
    }

    /// <summary>Opens the session (200/201 token pair) or answers 400 when the invitation token is not usable by this user.</summary>
    public async Task<(TokenPair? Pair, ProblemResult? Problem)> CompleteAsync(
        User user, string method, string? invitationToken, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(invitationToken) && !await AcceptInvitationAsync(user, invitationToken, cancellationToken))
        {
            return (null, Problems.Validation(InvitationField, "This invitation is not valid for this account, or it has expired."));
        }

        var pair = await sessions.StartAsync(user, method, httpContext, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (pair, null);
    }

    private async Task<bool> AcceptInvitationAsync(User user, string token, CancellationToken cancellationToken)
    {
        var invitation = await FindUsableInvitationAsync(token, user.Email, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.Status == InvitationStatus.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(i => i.Status, InvitationStatus.Accepted)
                    .SetProperty(i => i.AcceptedAt, (DateTimeOffset?)now)
                    .SetProperty(i => i.AcceptedByUserId, user.Id),
                cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        // A brand-new user's default membership is still only in the change tracker.
        var membership = db.Memberships.Local.FirstOrDefault(m => m.UserId == user.Id && m.ProjectId == invitation.ProjectId && m.Environment == invitation.Environment)
            ?? await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id && m.ProjectId == invitation.ProjectId && m.Environment == invitation.Environment, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership
            {
                Id = Ids.New("mbr"),
                UserId = user.Id,
                ProjectId = invitation.ProjectId,
                Environment = invitation.Environment,
                RoleKeys = [.. invitation.RoleKeys],
                Status = MembershipStatus.Active,
                JoinedAt = now,
            });
        }
        else
        {
            membership.RoleKeys = membership.RoleKeys.Union(invitation.RoleKeys, StringComparer.Ordinal).ToList();
            membership.Status = MembershipStatus.Active;
        }

        var workspaceId = await db.Projects.Where(p => p.Id == invitation.ProjectId).Select(p => p.WorkspaceId).SingleAsync(cancellationToken);
        audit.Record(AuditActions.InvitationAccepted, invitation.Id, user.Id, user.Email, workspaceId, invitation.ProjectId, invitation.Environment);
        return true;
    }

    /// <summary>The membership every self-service sign-up gets (contract section 9).</summary>
    public static Membership DefaultMembership(string userId, DateTimeOffset now) => new()
    {
        Id = Ids.New("mbr"),
        UserId = userId,
        ProjectId = SeedData.DefaultProjectId,
        Environment = SeedData.DefaultEnvironment,
        RoleKeys = ["viewer"],
        Status = MembershipStatus.Active,
        JoinedAt = now,
    };
}
