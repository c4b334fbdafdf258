using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

/// <summary><c>invitedBy</c> is the inviting user's id; <c>invitedByEmail</c> [ours] saves clients a lookup.</summary>
public sealed record InvitationItem(
    string Id,
    string Email,
    IReadOnlyList<string> RoleKeys,
    string Status,
    string InvitedBy,
    string? InvitedByEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

public sealed record InvitationCreateRequest(string? Email, List<string?>? RoleKeys, int? ExpiresInDays);

public sealed record InvitationResendRequest(int? ExpiresInDays);

/// <summary>
/// <c>/v1/admin/invitations</c> into the active Project environment. The invitee gets (in the outbox) a link
/// <c>/Register?invitationToken=…</c>, relative on purpose [ours]: the portal that serves the page puts its own
/// origin in front. Accepting happens at register or login with <c>invitationToken</c> (see <c>SignInService</c>).
/// </summary>
public static class Invitations
{
    public const string IdPrefix = "inv";
    public const int DefaultExpiresInDays = 7;
    public const int MaxExpiresInDays = 30;

    private static readonly string[] Statuses = [InvitationStatus.Pending, InvitationStatus.Accepted, InvitationStatus.Revoked, InvitationStatus.Expired];

    /// <summary>Newest first; <c>status</c> filters by the status as of now (a pending invitation past its expiry is <c>expired</c>).</summary>
    public static async Task<IResult> ListAsync(
        string? status, int? limit, string? cursor, AdminScope scope, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var (page, problem) = KeysetPaging.Read(limit, cursor, IdPrefix);
        if (page is null)
        {
            return problem!;
        }

        if (status is not null && !Statuses.Contains(status))
        {
            return Problems.Validation("status", "Use pending, accepted, revoked or expired.");
        }

        var now = clock.GetUtcNow();
        var query = db.Invitations.AsNoTracking().Where(i => i.ProjectId == scope.ProjectId && i.Environment == scope.Environment);
        query = status switch
        {
            InvitationStatus.Pending => query.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt > now),
            InvitationStatus.Expired => query.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt <= now),
            null => query,
            _ => query.Where(i => i.Status == status),
        };
        if (page.AfterId is { } afterId)
        {
            query = query.Where(i => string.Compare(i.Id, afterId) < 0);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(page.FetchCount).ToListAsync(cancellationToken);
        var inviters = await EmailsAsync(db, rows.Select(i => i.InvitedBy), cancellationToken);
        return Results.Ok(KeysetPaging.Build(rows, page, i => i.Id, i => Item(i, inviters, now)));
    }

    /// <summary>201 with the invitation; 409 <c>CONFLICT</c> when the address is already a member or already has a pending invitation.</summary>
    public static async Task<IResult> CreateAsync(
        InvitationCreateRequest body, AdminScope scope, LambaDb db, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = body.Email is null ? null : FieldRules.NormalizeEmail(body.Email);
        if (!FieldRules.IsEmail(email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        var roleKeys = await RoleCatalog.ReadRoleKeysAsync(db, scope.ProjectId, body.RoleKeys, errors, cancellationToken);
        var days = ReadExpiresInDays(body.ExpiresInDays, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await RoleGrants.CheckAsync(db, scope, roleKeys, cancellationToken) is { } notGrantable)
        {
            return notGrantable;
        }

        var now = clock.GetUtcNow();
        var alreadyMember = await (from u in db.Users
                                   where u.Email == email
                                   join m in db.Memberships on u.Id equals m.UserId
                                   where m.ProjectId == scope.ProjectId && m.Environment == scope.Environment
                                   select m.Id).AnyAsync(cancellationToken);
        if (alreadyMember)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "This person is already a member of the Project environment.");
        }

        var pending = await db.Invitations.AnyAsync(
            i => i.ProjectId == scope.ProjectId && i.Environment == scope.Environment && i.Email == email && i.Status == InvitationStatus.Pending && i.ExpiresAt > now,
            cancellationToken);
        if (pending)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "An invitation to this address is already pending; resend it instead.");
        }

        var invitation = new Invitation
        {
            Id = Ids.New(IdPrefix),
            ProjectId = scope.ProjectId,
            Environment = scope.Environment,
            Email = email!,
            RoleKeys = [.. roleKeys],
            Status = InvitationStatus.Pending,
            InvitedBy = scope.Caller.UserId,
            CreatedAt = now,
        };
        db.Invitations.Add(invitation);
        var inviterEmail = await SendAsync(db, scope, invitation, days, now, cancellationToken);
        await AdminAudit.RecordAsync(audit, db, scope, AdminActions.InvitationCreated, invitation.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created($"/v1/admin/invitations/{invitation.Id}", Item(invitation, inviterEmail, now));
    }

    /// <summary>A new token (the old link stops working), a new expiry (optional <c>expiresInDays</c>, default 7) and a new message.</summary>
    public static async Task<IResult> ResendAsync(
        string invitationId, InvitationResendRequest? body, AdminScope scope, LambaDb db, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var days = ReadExpiresInDays(body?.ExpiresInDays, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var invitation = await FindAsync(db, scope, invitationId, cancellationToken);
        if (invitation is null)
        {
            return NotFound();
        }

        if (invitation.Status != InvitationStatus.Pending)
        {
            return Problems.Conflict(ErrorCodes.Conflict, $"This invitation is {invitation.Status}; only a pending or expired invitation can be resent.");
        }

        // A resend hands the roles out again, so it is held to the resender's own roles.
        if (await RoleGrants.CheckAsync(db, scope, invitation.RoleKeys, cancellationToken) is { } notGrantable)
        {
            return notGrantable;
        }

        var now = clock.GetUtcNow();
        await SendAsync(db, scope, invitation, days, now, cancellationToken);
        await AdminAudit.RecordAsync(audit, db, scope, AdminActions.InvitationResent, invitation.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // invitedBy stays the original inviter; the message names whoever resent it.
        var inviters = await EmailsAsync(db, [invitation.InvitedBy], cancellationToken);
        return Results.Ok(Item(invitation, inviters, now));
    }

    /// <summary>204; the link stops working. Revoking a revoked invitation is a no-op; an accepted one cannot be revoked (409).</summary>
    public static async Task<IResult> RevokeAsync(
        string invitationId, AdminScope scope, LambaDb db, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var invitation = await FindAsync(db, scope, invitationId, cancellationToken);
        if (invitation is null)
        {
            return NotFound();
        }

        if (invitation.Status == InvitationStatus.Accepted)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "This invitation was already accepted; remove the member instead.");
        }

        if (invitation.Status == InvitationStatus.Pending)
        {
            // Conditional, so a parallel acceptance and this revocation cannot both win.
            var now = clock.GetUtcNow();
            var revoked = await db.Invitations
                .Where(i => i.Id == invitation.Id && i.Status == InvitationStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Revoked).SetProperty(i => i.RevokedAt, (DateTimeOffset?)now), cancellationToken);
            if (revoked == 0)
            {
                return Problems.Conflict(ErrorCodes.Conflict, "This invitation was accepted meanwhile; remove the member instead.");
            }

            await AdminAudit.RecordAsync(audit, db, scope, AdminActions.InvitationRevoked, invitation.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.NoContent();
    }

    /// <summary>Gives the invitation a fresh token and expiry and puts the message in the outbox; returns the sending admin's email.</summary>
    private static async Task<string?> SendAsync(LambaDb db, AdminScope scope, Invitation invitation, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Secrets.NewToken();
        invitation.TokenHash = Secrets.Hash(token);
        invitation.ExpiresAt = now.AddDays(days);
        var projectName = await db.Projects.Where(p => p.Id == scope.ProjectId).Select(p => p.Name).SingleAsync(cancellationToken);
        var inviter = await db.Users.Where(u => u.Id == scope.Caller.UserId).Select(u => new { u.Email, u.Locale }).SingleOrDefaultAsync(cancellationToken);
        var inviterEmail = inviter?.Email;
        // In the invitee's language when they already have an account, else in the inviting admin's.
        var inviteeLocale = await db.Users.Where(u => u.Email == invitation.Email).Select(u => u.Locale).FirstOrDefaultAsync(cancellationToken);
        var language = OutboxTexts.LanguageFor(inviteeLocale ?? inviter?.Locale, request: null);
        var link = "/Register?invitationToken=" + Uri.EscapeDataString(token);
        db.Outbox.Send(
            invitation.Email,
            OutboxKinds.Invitation,
            OutboxTexts.Format(
                OutboxTexts.Invitation, language, inviterEmail ?? OutboxTexts.Format(OutboxTexts.InvitationSender, language), projectName,
                invitation.Environment, string.Join(", ", invitation.RoleKeys), days, link),
            now,
            link: link);
        return inviterEmail;
    }

    private static int ReadExpiresInDays(int? expiresInDays, FieldErrors errors)
    {
        if (expiresInDays is < 1 or > MaxExpiresInDays)
        {
            errors.Add("expiresInDays", $"Use 1 to {MaxExpiresInDays} days.");
        }

        return expiresInDays ?? DefaultExpiresInDays;
    }

    private static Task<Invitation?> FindAsync(LambaDb db, AdminScope scope, string invitationId, CancellationToken cancellationToken) =>
        db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.ProjectId == scope.ProjectId && i.Environment == scope.Environment, cancellationToken);

    private static async Task<Dictionary<string, string?>> EmailsAsync(LambaDb db, IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
    }

    private static InvitationItem Item(Invitation invitation, string? inviterEmail, DateTimeOffset now) => new(
        invitation.Id, invitation.Email, invitation.RoleKeys, invitation.StatusAt(now), invitation.InvitedBy, inviterEmail, invitation.CreatedAt, invitation.ExpiresAt);

    private static InvitationItem Item(Invitation invitation, Dictionary<string, string?> inviters, DateTimeOffset now) =>
        Item(invitation, inviters.GetValueOrDefault(invitation.InvitedBy), now);

    private static ProblemResult NotFound() => Problems.NotFound("No such invitation in the active Project environment.");
}
