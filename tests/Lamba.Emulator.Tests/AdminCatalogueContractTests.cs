namespace Lamba.Emulator.Tests;

public sealed class AdminCatalogueContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private static readonly string[] AllPermissions =
        ["members:read", "members:write", "invitations:read", "invitations:write", "roles:read", "sessions:read", "sessions:revoke", "audit:read"];

    [Fact]
    public async Task Lists_the_built_in_roles_from_most_to_least_powerful()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        var (roles, nextCursor) = await Emulator.ListAsync("/v1/admin/roles", admin);

        Assert.Null(nextCursor);
        Assert.Equal(["owner", "admin", "support", "viewer"], roles.Select(r => r.GetProperty("key").GetString()!).ToArray());
        Assert.All(roles, role =>
        {
            Assert.Equal(["builtIn", "description", "key", "name", "permissions"], role.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.True(role.GetProperty("builtIn").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(role.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(role.GetProperty("description").GetString()));
        });
        Assert.Equal(AllPermissions, roles[0].GetProperty("permissions").Strings());
        Assert.Equal(AllPermissions, roles[1].GetProperty("permissions").Strings());
        Assert.Equal(["members:read", "sessions:read", "sessions:revoke"], roles[2].GetProperty("permissions").Strings());
        Assert.Empty(roles[3].GetProperty("permissions").Strings());
    }

    [Fact]
    public async Task Lists_the_permission_catalogue_with_descriptions()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");

        var (permissions, nextCursor) = await Emulator.ListAsync("/v1/admin/permissions", owner);

        Assert.Null(nextCursor);
        Assert.Equal(AllPermissions, permissions.Select(p => p.GetProperty("key").GetString()!).ToArray());
        Assert.All(permissions, p =>
        {
            Assert.Equal(["description", "key"], p.EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()));
        });
    }
}
