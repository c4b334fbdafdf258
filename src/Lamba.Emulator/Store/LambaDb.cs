using Lamba.Emulator.Oidc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lamba.Emulator.Store;

/// <summary>
/// The emulator's whole state. Ids are plain columns with indexes, no foreign keys: the emulator keeps its
/// own integrity and reset can empty tables in any order. One model, two providers: each has its own context type
/// (<see cref="SqliteLambaDb"/>, <see cref="PostgresLambaDb"/>) so that each has its own migrations (StoreMigrations).
/// </summary>
public abstract class LambaDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();

    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();

    public DbSet<LinkedIdentity> LinkedIdentities => Set<LinkedIdentity>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<PermissionDefinition> Permissions => Set<PermissionDefinition>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<MagicLinkToken> MagicLinkTokens => Set<MagicLinkToken>();

    public DbSet<PhoneCode> PhoneCodes => Set<PhoneCode>();

    public DbSet<PendingRegistration> PendingRegistrations => Set<PendingRegistration>();

    public DbSet<EmailChangeRequest> EmailChangeRequests => Set<EmailChangeRequest>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AppClient> AppClients => Set<AppClient>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset; the binary form is a sortable integer, so WHERE and ORDER BY on times translate.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.HasIndex(u => u.Email).IsUnique();
            user.HasIndex(u => u.Username).IsUnique();
            user.HasIndex(u => u.Phone).IsUnique();
        });
        modelBuilder.Entity<RecoveryCode>().HasIndex(c => new { c.UserId, c.CodeHash });
        modelBuilder.Entity<LoginFailure>().HasIndex(f => new { f.Subject, f.Client });
        modelBuilder.Entity<LinkedIdentity>(identity =>
        {
            identity.HasIndex(i => i.UserId);
            identity.HasIndex(i => new { i.Provider, i.Subject }).IsUnique();
        });
        modelBuilder.Entity<Project>().HasIndex(p => p.WorkspaceId);
        modelBuilder.Entity<Membership>(membership =>
        {
            membership.HasIndex(m => new { m.UserId, m.ProjectId, m.Environment }).IsUnique();
            membership.HasIndex(m => new { m.ProjectId, m.Environment });
        });
        modelBuilder.Entity<Role>().HasIndex(r => new { r.ProjectId, r.Key }).IsUnique();
        modelBuilder.Entity<PermissionDefinition>().HasKey(p => p.Key);
        modelBuilder.Entity<Session>().HasIndex(s => s.UserId);
        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.SessionId);
        });
        modelBuilder.Entity<OutboxMessage>().HasIndex(m => m.To);
        modelBuilder.Entity<MagicLinkToken>().HasIndex(t => t.TokenHash).IsUnique();
        modelBuilder.Entity<PhoneCode>().HasIndex(c => c.Phone);
        modelBuilder.Entity<PendingRegistration>().HasIndex(r => r.TokenHash).IsUnique();
        modelBuilder.Entity<EmailChangeRequest>().HasIndex(r => r.UserId);
        modelBuilder.Entity<Invitation>(invitation =>
        {
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => new { i.ProjectId, i.Environment, i.Status });
        });
        modelBuilder.Entity<AuditEvent>().HasIndex(e => new { e.ProjectId, e.Environment, e.Id });
    }
}

/// <summary>The store in a SQLite file (the default). Its migrations are in Store/Migrations/Sqlite.</summary>
public sealed class SqliteLambaDb(DbContextOptions<SqliteLambaDb> options) : LambaDb(options);

/// <summary>The store in a PostgreSQL database (--Emulator:ConnectionString). Its migrations are in Store/Migrations/Postgres.</summary>
public sealed class PostgresLambaDb(DbContextOptions<PostgresLambaDb> options) : LambaDb(options);
