using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Oidc;
using Lamba.Emulator.Store.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Store;

/// <summary>
/// The seed: the contract's role and permission catalogue, plus a tenant (<see cref="TenantSeed"/>), written on first
/// start and again by reset. The constants name the built-in demo tenant (<c>Seeding/demo-tenant.json</c>, contract section 9).
/// </summary>
public static class SeedData
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string MfaSecret = "JBSWY3DPEHPK3PXP";
    public const string WorkspaceId = "wrk_acme";
    public const string StorefrontId = "prj_storefront";
    public const string BackOfficeId = "prj_backoffice";

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

    /// <summary>Writes the contract's role and permission catalogue and the tenant of <paramref name="seed"/>.</summary>
    public static async Task ApplyAsync(LambaDb db, TenantSeed seed, PasswordHasher hasher, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allPermissions = PermissionCatalogue.Select(p => p.Key).ToList();
        db.Permissions.AddRange(PermissionCatalogue.Select((p, index) => new PermissionDefinition { Key = p.Key, Description = p.Description, Position = index }));
        db.Roles.AddRange(
            BuiltInRole("owner", "Owner", "Full control of the Project.", allPermissions),
            // No permission is reserved to owners yet, so admins hold the whole catalogue too.
            BuiltInRole("admin", "Admin", "Manages members, invitations, roles and sessions.", allPermissions),
            BuiltInRole("support", "Support", "Helps members: sees members and their sessions, ends sessions.", [PermissionKeys.MembersRead, PermissionKeys.SessionsRead, PermissionKeys.SessionsRevoke]),
            BuiltInRole("viewer", "Viewer", "Uses the app; no admin access.", []));

        foreach (var workspace in seed.Workspaces)
        {
            db.Workspaces.Add(new Workspace { Id = workspace.Id, Name = workspace.Name, CreatedAt = now });
            db.Projects.AddRange(workspace.Projects.Select(project => new Project
            {
                Id = project.Id, WorkspaceId = workspace.Id, Name = project.Name, Environments = [.. project.Environments], CreatedAt = now,
            }));
        }

        // One hash per distinct password: PBKDF2 at full strength costs a noticeable moment per hash, and reset re-seeds.
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal) { [Password] = hasher.SeedPasswordHash };
        foreach (var seedUser in seed.Users)
        {
            var user = new User
            {
                Id = seedUser.Id,
                Email = FieldRules.NormalizeEmail(seedUser.Email),
                EmailVerified = true,
                Username = seedUser.Username,
                DisplayName = seedUser.DisplayName,
                Phone = seedUser.Phone,
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (seedUser.Password is { } password)
            {
                user.PasswordHash = hashes.TryGetValue(password, out var hash) ? hash : hashes[password] = hasher.Hash(password);
                user.PasswordSetAt = now;
            }

            if (seedUser.TotpSecret is { } secret)
            {
                user.TotpSecret = secret;
                user.TotpEnabled = true;
                user.TotpEnrolledAt = now;
            }

            db.Users.Add(user);
            db.Memberships.AddRange((seedUser.Memberships ?? []).SelectMany(m => m.Environments.Select(environment => new Membership
            {
                Id = Ids.New("mbr"),
                UserId = user.Id,
                ProjectId = m.Project,
                Environment = environment,
                RoleKeys = [.. m.Roles],
                Status = MembershipStatus.Active,
                JoinedAt = now,
            })));
        }

        db.AppClients.AddRange((seed.AppClients ?? []).Select(client => new AppClient
        {
            Id = client.Id,
            Name = client.Name,
            RedirectUris = [.. client.RedirectUris],
            PostLogoutRedirectUris = [.. client.PostLogoutRedirectUris ?? []],
            AllowLoopbackAnyPort = client.AllowLoopbackAnyPort,
            SecretHash = client.Secret is { Length: > 0 } secret ? Secrets.Hash(secret) : null,
            ManagementRoleKey = client.ManagementRole ?? "admin",
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Empties every table and writes the seed again, in one transaction.</summary>
    public static async Task ResetAsync(LambaDb db, TenantSeed seed, PasswordHasher hasher, DateTimeOffset now, CancellationToken cancellationToken)
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
        await ApplyAsync(db, seed, hasher, now, cancellationToken);
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
