using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Oidc;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Store;

/// <summary>The fixed seed of contract section 9, written on first start and again by reset.</summary>
public static class SeedData
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string MfaSecret = "JBSWY3DPEHPK3PXP";
    public const string WorkspaceId = "wrk_acme";
    public const string StorefrontId = "prj_storefront";
    public const string BackOfficeId = "prj_backoffice";

    /// <summary>Where register and phone sign-up put new users (as <c>viewer</c>), and where sign-ins are audited.</summary>
    public const string DefaultProjectId = StorefrontId;

    public const string DefaultEnvironment = EnvironmentKeys.Test;

    public const string OwnerId = "usr_owner";
    public const string AdminId = "usr_admin";
    public const string SupportId = "usr_support";
    public const string ViewerId = "usr_viewer";
    public const string MfaId = "usr_mfa";

    public static IReadOnlyList<(string Key, string Description)> PermissionCatalogue { get; } =
    [
        (PermissionKeys.MembersRead, "See the Project's members and their roles."),
        (PermissionKeys.MembersWrite, "Change members' roles and remove members."),
        (PermissionKeys.InvitationsRead, "See invitations and their status."),
        (PermissionKeys.InvitationsWrite, "Invite people, resend and revoke invitations."),
        (PermissionKeys.RolesRead, "See roles and the permission catalogue."),
        (PermissionKeys.SessionsRead, "See members' sign-in sessions."),
        (PermissionKeys.SessionsRevoke, "End members' sessions."),
        (PermissionKeys.AuditRead, "Read the Project's audit log."),
    ];

    public static async Task ApplyAsync(LambaDb db, PasswordHasher hasher, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allPermissions = PermissionCatalogue.Select(p => p.Key).ToList();
        db.Permissions.AddRange(PermissionCatalogue.Select((p, index) => new PermissionDefinition { Key = p.Key, Description = p.Description, Position = index }));
        db.Roles.AddRange(
            BuiltInRole("owner", "Owner", "Full control of the Project.", allPermissions),
            // No permission is reserved to owners yet, so admins hold the whole catalogue too.
            BuiltInRole("admin", "Admin", "Manages members, invitations, roles and sessions.", allPermissions),
            BuiltInRole("support", "Support", "Helps members: sees members and their sessions, ends sessions.", [PermissionKeys.MembersRead, PermissionKeys.SessionsRead, PermissionKeys.SessionsRevoke]),
            BuiltInRole("viewer", "Viewer", "Uses the app; no admin access.", []));

        db.Workspaces.Add(new Workspace { Id = WorkspaceId, Name = "Acme", CreatedAt = now });
        db.Projects.AddRange(
            new Project { Id = StorefrontId, WorkspaceId = WorkspaceId, Name = "Storefront", Environments = [EnvironmentKeys.Test, EnvironmentKeys.Prod], CreatedAt = now },
            new Project { Id = BackOfficeId, WorkspaceId = WorkspaceId, Name = "Back Office", Environments = [EnvironmentKeys.Test], CreatedAt = now });

        var passwordHash = hasher.SeedPasswordHash;
        User SeedUser(string id, string name, string displayName) => new()
        {
            Id = id,
            Email = name + "@acme.test",
            EmailVerified = true,
            Username = name,
            DisplayName = displayName,
            PasswordHash = passwordHash,
            PasswordSetAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var mfaUser = SeedUser(MfaId, "mfa", "Morgan Mfa");
        mfaUser.TotpSecret = MfaSecret;
        mfaUser.TotpEnabled = true;
        mfaUser.TotpEnrolledAt = now;
        db.Users.AddRange(
            SeedUser(OwnerId, "owner", "Olivia Owner"),
            SeedUser(AdminId, "admin", "Adam Admin"),
            SeedUser(SupportId, "support", "Sam Support"),
            SeedUser(ViewerId, "viewer", "Vera Viewer"),
            mfaUser);

        Membership Member(string userId, string projectId, string environment, string role) => new()
        {
            Id = Ids.New("mbr"),
            UserId = userId,
            ProjectId = projectId,
            Environment = environment,
            RoleKeys = [role],
            Status = MembershipStatus.Active,
            JoinedAt = now,
        };

        db.Memberships.AddRange(
            Member(OwnerId, StorefrontId, EnvironmentKeys.Test, "owner"),
            Member(OwnerId, StorefrontId, EnvironmentKeys.Prod, "owner"),
            Member(OwnerId, BackOfficeId, EnvironmentKeys.Test, "owner"),
            Member(AdminId, StorefrontId, EnvironmentKeys.Test, "admin"),
            Member(AdminId, BackOfficeId, EnvironmentKeys.Test, "viewer"),
            Member(SupportId, StorefrontId, EnvironmentKeys.Test, "support"),
            Member(ViewerId, StorefrontId, EnvironmentKeys.Test, "viewer"),
            Member(MfaId, StorefrontId, EnvironmentKeys.Test, "viewer"));
        db.AppClients.AddRange(AppClientSeed.Clients(now));

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Empties every table and writes the seed again, in one transaction.</summary>
    public static async Task ResetAsync(LambaDb db, PasswordHasher hasher, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
            // Table names come from the model, never from input.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"" + table + "\"", cancellationToken);
#pragma warning restore EF1003
        }

        db.ChangeTracker.Clear();
        await ApplyAsync(db, hasher, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Role BuiltInRole(string key, string name, string description, List<string> permissions) => new()
    {
        Id = "rol_" + key,
        Key = key,
        Name = name,
        Description = description,
        Permissions = [.. permissions],
        BuiltIn = true,
    };
}
