using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Store.Seeding;
using Lamba.Emulator.Tokens;
using Lamba.Emulator.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

/// <summary>
/// The last step of every sign-in and sign-up: accept an invitation if one was presented, open the session,
/// all in one transaction so a half-accepted invitation cannot exist.
/// </summary>
public sealed class SignInService(LambaDb db, SessionService sessions, AuditWriter audit, MfaVerifier mfa, LoginLockout lockout, EmulatorClock clock, WebhookEvents webhooks, TenantSeed seed)
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

    /// <summary>
    /// The second factor of a passwordless sign-in (magic link, phone code), asked as password login asks it: null when
    /// the user has no TOTP or <paramref name="mfaCode"/> is right (TOTP step or recovery code, now spent); otherwise
    /// 423 while locked for this client, 401 MFA_REQUIRED without a code, 401 MFA_CODE_INVALID (counted toward the lockout). The caller
    /// spends its link or code only after a null answer, so the client can post it again with the code.
    /// </summary>
    public async Task<ProblemResult?> CheckSecondFactorAsync(User user, string? mfaCode, string client, CancellationToken cancellationToken)
    {
        if (!user.TotpEnabled)
        {
            return null;
        }

        if (await lockout.LockedUntilAsync(user.Id, client, cancellationToken) is { } lockedUntil)
        {
            return LoginLockout.Locked(lockedUntil, clock.GetUtcNow());
        }

        if (string.IsNullOrWhiteSpace(mfaCode))
        {
            return Problems.Unauthorized(ErrorCodes.MfaRequired, "Enter the code from your authenticator app.").With("factors", PasswordLogin.Factors);
        }

        if (!await mfa.VerifyAsync(user.Id, user.TotpSecret, mfaCode, cancellationToken))
        {
            return await lockout.RecordFailureAsync(user.Id, client, user, cancellationToken) is { } until
                ? LoginLockout.Locked(until, clock.GetUtcNow())
                : Problems.Unauthorized(ErrorCodes.MfaCodeInvalid, "That code is not valid. Try a new one.");
        }

        await lockout.ClearAsync(user.Id, client, cancellationToken);
        return null;
    }

    /// <summary>Opens the session (200/201 token pair) or answers 400 when the invitation token is not usable by this user.</summary>
    public async Task<(TokenPair? Pair, ProblemResult? Problem)> CompleteAsync(
        User user, string method, string? invitationToken, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var signedUp = db.Entry(user).State == EntityState.Added;
        (Invitation Invitation, string WorkspaceId)? accepted = null;
        if (!string.IsNullOrWhiteSpace(invitationToken) && (accepted = await AcceptInvitationAsync(user, invitationToken, cancellationToken)) is null)
        {
            return (null, Problems.Validation(InvitationField, "This invitation is not valid for this account, or it has expired."));
        }

        var pair = await sessions.StartAsync(user, method, httpContext, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        RaiseWebhooks(user, method, signedUp, accepted);
        return (pair, null);
    }

    /// <summary>Every sign-up path ends here, so <c>user.created</c> is raised once for all of them.</summary>
    private void RaiseWebhooks(User user, string method, bool signedUp, (Invitation Invitation, string WorkspaceId)? accepted)
    {
        if (signedUp)
        {
            var home = seed.SignUpHome();
            webhooks.Raise(WebhookEventTypes.UserCreated, home.WorkspaceId, home.ProjectId, home.Environment,
                new UserCreatedData(user.Id, user.Email, user.Username, user.DisplayName, method));
        }

        if (accepted is var (invitation, workspaceId))
        {
            webhooks.Raise(WebhookEventTypes.InvitationAccepted, workspaceId, invitation.ProjectId, invitation.Environment,
                new InvitationAcceptedData(invitation.Id, user.Id, user.Email, invitation.RoleKeys));
        }
    }

    /// <summary>The accepted invitation and its Workspace, or null when the token is not usable by this user.</summary>
    private async Task<(Invitation Invitation, string WorkspaceId)?> AcceptInvitationAsync(User user, string token, CancellationToken cancellationToken)
    {
        var invitation = await FindUsableInvitationAsync(token, user.Email, cancellationToken);
        if (invitation is null)
        {
            return null;
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
            return null;
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
        return (invitation, workspaceId);
    }

    /// <summary>The membership every self-service sign-up gets (contract section 9), in the seed's sign-up home.</summary>
    public Membership DefaultMembership(string userId, DateTimeOffset now) => new()
    {
        Id = Ids.New("mbr"),
        UserId = userId,
        ProjectId = seed.SignUpHome().ProjectId,
        Environment = seed.SignUpHome().Environment,
        RoleKeys = ["viewer"],
        Status = MembershipStatus.Active,
        JoinedAt = now,
    };
}
