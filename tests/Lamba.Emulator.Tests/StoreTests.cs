using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lamba.Emulator.Tests;

public sealed class StoreTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public async Task Seeds_the_workspace_projects_and_environments_of_the_contract()
    {
        var projects = await Emulator.WithDbAsync(db => db.Projects.OrderBy(p => p.Id).ToListAsync());
        var workspace = await Emulator.WithDbAsync(db => db.Workspaces.SingleAsync());

        Assert.Equal(("wrk_acme", "Acme"), (workspace.Id, workspace.Name));
        Assert.Collection(
            projects,
            p => Assert.Equal(("prj_backoffice", "Back Office", "test"), (p.Id, p.Name, string.Join(',', p.Environments))),
            p => Assert.Equal(("prj_storefront", "Storefront", "test,prod"), (p.Id, p.Name, string.Join(',', p.Environments))));
        Assert.All(projects, p => Assert.Equal("wrk_acme", p.WorkspaceId));
    }

    [Fact]
    public async Task Seeds_the_memberships_of_the_contract()
    {
        var memberships = await Emulator.WithDbAsync(db => db.Memberships.ToListAsync());
        var emails = await Emulator.WithDbAsync(db => db.Users.ToDictionaryAsync(u => u.Id, u => u.Email!));

        var actual = memberships
            .Select(m => $"{emails[m.UserId]} {m.ProjectId} {m.Environment} {string.Join('+', m.RoleKeys)}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [
                "admin@acme.test prj_backoffice test viewer",
                "admin@acme.test prj_storefront test admin",
                "mfa@acme.test prj_storefront test viewer",
                "owner@acme.test prj_backoffice test owner",
                "owner@acme.test prj_storefront prod owner",
                "owner@acme.test prj_storefront test owner",
                "support@acme.test prj_storefront test support",
                "viewer@acme.test prj_storefront test viewer",
            ],
            actual);
        Assert.All(memberships, m => Assert.Equal(MembershipStatus.Active, m.Status));
    }

    [Fact]
    public async Task Seeds_only_the_mfa_user_with_totp()
    {
        var users = await Emulator.WithDbAsync(db => db.Users.ToListAsync());

        Assert.Equal(5, users.Count);
        var mfa = Assert.Single(users, u => u.TotpEnabled);
        Assert.Equal("mfa@acme.test", mfa.Email);
        Assert.Equal("JBSWY3DPEHPK3PXP", mfa.TotpSecret);
        Assert.All(users, u => Assert.Equal(("en", "UTC", true), (u.Locale, u.TimeZone, u.EmailVerified)));
        Assert.All(users, u => Assert.StartsWith("pbkdf2-sha256$", u.PasswordHash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seeds_the_built_in_roles_and_the_permission_catalogue()
    {
        var roles = await Emulator.WithDbAsync(db => db.Roles.ToDictionaryAsync(r => r.Key));
        var catalogue = await Emulator.WithDbAsync(db => db.Permissions.OrderBy(p => p.Position).ToListAsync());

        Assert.Equal(
            ["members:read", "members:write", "invitations:read", "invitations:write", "roles:read", "sessions:read", "sessions:revoke", "audit:read"],
            catalogue.Select(p => p.Key).ToArray());
        Assert.All(catalogue, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.Equal(["admin", "owner", "support", "viewer"], roles.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(roles.Values, r => Assert.True(r.BuiltIn && r.ProjectId is null && r.Name.Length > 0 && r.Description.Length > 0));
        Assert.Equal(catalogue.Count, roles["owner"].Permissions.Count);
        Assert.Equal(["members:read", "sessions:read", "sessions:revoke"], roles["support"].Permissions.ToArray());
        Assert.Empty(roles["viewer"].Permissions);
    }

    [Fact]
    public async Task Stores_refresh_tokens_only_as_hashes()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        var stored = await Emulator.WithDbAsync(db => db.RefreshTokens.SingleAsync());

        Assert.NotEqual(login.Refresh, stored.TokenHash);
        Assert.Equal(Infrastructure.Secrets.Hash(login.Refresh), stored.TokenHash);
    }

    [Fact]
    [Trait(StoreTrait.Name, StoreTrait.SqliteFile)]
    public async Task Deletes_a_temporary_database_when_the_emulator_stops()
    {
        var emulator = await TestEmulator.StartAsync();
        var path = emulator.Running.Services.GetRequiredService<StoreLocation>().FilePath;
        Assert.True(File.Exists(path));

        await emulator.DisposeAsync();

        Assert.False(File.Exists(path));
    }

    [Fact]
    [Trait(StoreTrait.Name, StoreTrait.SqliteFile)]
    public async Task Keeps_a_named_database_across_restarts_without_seeding_it_again()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lamba-emulator-test-{Guid.NewGuid():N}", "emulator.db");
        var connectionString = "";
        try
        {
            await using (var first = await TestEmulator.StartAsync(o => o.DatabasePath = path))
            {
                await first.RegisterAsync("kept");
            }

            await using var second = await TestEmulator.StartAsync(o => o.DatabasePath = path);
            connectionString = second.Running.Services.GetRequiredService<StoreLocation>().ConnectionString;
            await second.LoginAsync("kept@example.test");
            Assert.Equal(1, await second.WithDbAsync(db => db.Workspaces.CountAsync()));
        }
        finally
        {
            // A kept database is not ours to delete, so the emulator leaves its pooled handles open; drop them first.
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
            }

            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
