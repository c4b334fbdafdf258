using System.Net;
using Lamba.Emulator.Store.Seeding;
using OtpNet;

namespace Lamba.Emulator.Tests;

/// <summary><c>--seed tenant.json</c>: a team describes its own tenant, and hears exactly what is wrong with it.</summary>
public sealed class SeedFileTests : IDisposable
{
    private const string TwoWorkspaces = """
        {
          "$schema": "./lamba-seed.schema.json",
          // Comments and trailing commas are fine.
          "workspaces": [
            { "id": "wrk_north", "name": "North", "projects": [{ "id": "prj_shop", "name": "Shop", "environments": ["test", "prod"] }] },
            { "id": "wrk_south", "name": "South", "projects": [{ "id": "prj_desk", "name": "Help Desk", "environments": ["test"] }] },
          ],
          "users": [
            {
              "id": "usr_nina", "email": "Nina@North.test", "displayName": "Nina", "password": "nina-password-1",
              "totpSecret": "KRSXG5CTMVRXEZLU", "phone": "+15550001111",
              "memberships": [
                { "project": "prj_shop", "environments": ["test", "prod"], "roles": ["admin"] },
                { "project": "prj_desk", "environments": ["test"], "roles": ["viewer"] }
              ]
            },
            { "id": "usr_sam", "email": "sam@south.test", "password": "sam-password-1", "memberships": [{ "project": "prj_desk", "environments": ["test"], "roles": ["owner"] }] }
          ],
          "appClients": [
            { "id": "app_shop", "name": "Shop", "redirectUris": ["http://127.0.0.1/signin-oidc"], "allowLoopbackAnyPort": true },
            { "id": "app_backend", "name": "Back end", "redirectUris": ["https://north.test/cb"], "secret": "north-backend-secret-1", "managementRole": "viewer" }
          ]
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("lamba-seed-").FullName;

    [Fact]
    public async Task A_seed_file_with_a_second_workspace_is_loaded_and_reset_returns_to_it()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.SeedFile = Write("tenant.json", TwoWorkspaces));

        var sam = await emulator.LoginAsync("sam@south.test", "sam-password-1");
        var memberships = await emulator.GetJsonAsync("/v1/me/memberships", sam.Access);
        var only = Assert.Single(memberships.GetProperty("items").EnumerateArray());
        Assert.Equal("wrk_south", only.GetProperty("workspace").GetProperty("id").GetString());
        Assert.Equal("Help Desk", only.GetProperty("project").GetProperty("name").GetString());
        using var switched = await emulator.PostAsync("/v1/sessions/switch-context", new { workspaceId = "wrk_south", projectId = "prj_desk", environment = "test" }, sam.Access);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var authorization = await emulator.GetJsonAsync("/v1/me/authorization", (await Tokens.ReadAsync(switched)).Access);
        Assert.Equal(["owner"], authorization.GetProperty("roleKeys").Strings());

        (await emulator.PostAsync("/_emulator/reset", null)).Dispose();

        using var demoUser = await emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(demoUser, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await emulator.LoginAsync("sam@south.test", "sam-password-1");
    }

    [Fact]
    public async Task The_seed_files_app_clients_are_the_ones_the_oidc_provider_knows_with_their_secrets()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.SeedFile = Write("tenant.json", TwoWorkspaces));

        var clients = await emulator.GetJsonAsync("/_emulator/app-clients");
        var listed = clients.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(["app_backend", "app_shop"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.True(listed["app_shop"].GetProperty("allowLoopbackAnyPort").GetBoolean());
        Assert.False(listed["app_shop"].GetProperty("confidential").GetBoolean());
        Assert.Equal("viewer", listed["app_backend"].GetProperty("managementRoleKey").GetString());
        using var http = new HttpClient();
        using var token = await http.PostAsync(new Uri(emulator.Running.BaseAddress, "connect/token"), ManagementTokenForm("north-backend-secret-1"));
        using var wrongSecret = await http.PostAsync(new Uri(emulator.Running.BaseAddress, "connect/token"), ManagementTokenForm("a-wrong-secret-of-length"));

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);

        static FormUrlEncodedContent ManagementTokenForm(string secret) => new(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "app_backend", ["client_secret"] = secret,
            ["workspaceId"] = "wrk_north", ["projectId"] = "prj_shop", ["environment"] = "test",
        });
    }

    [Theory]
    [InlineData("", "wrk_north", "prj_shop", "test")]
    [InlineData(""" "signUps": { "project": "prj_desk" }, """, "wrk_south", "prj_desk", "test")]
    public async Task Sign_ups_join_the_seeds_sign_up_home_as_viewers_and_their_sign_in_is_audited_there(string signUps, string workspace, string project, string environment)
    {
        var tenant = TwoWorkspaces.Replace(@"""appClients"": [", signUps + @"""appClients"": [", StringComparison.Ordinal);
        await using var emulator = await TestEmulator.StartAsync(o => o.SeedFile = Write("tenant.json", tenant));

        var (_, newcomer) = await emulator.RegisterAsync("newcomer");

        var membership = Assert.Single((await emulator.GetJsonAsync("/v1/me/memberships", newcomer.Access)).GetProperty("items").EnumerateArray());
        Assert.Equal(workspace, membership.GetProperty("workspace").GetProperty("id").GetString());
        Assert.Equal(project, membership.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal([environment], membership.GetProperty("environments").Strings());
        Assert.Equal(["viewer"], membership.GetProperty("roleKeys").Strings());
        var audited = await emulator.WithDbAsync(db => Task.FromResult(db.AuditEvents.Where(e => e.Action == "user.registered").Select(e => e.ProjectId).ToList()));
        Assert.Equal([project], audited);
    }

    [Fact]
    public void A_sign_up_home_outside_the_file_is_refused_with_its_path()
    {
        var tenant = TwoWorkspaces.Replace(@"""appClients"": [", @"""signUps"": { ""project"": ""prj_gone"" }, ""appClients"": [", StringComparison.Ordinal);

        var error = Assert.Throws<SeedFileException>(() => TenantSeedReader.Parse(tenant, "tenant.json"));

        Assert.Contains("$.signUps.project: there is no Project 'prj_gone'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seeded_user_gets_their_totp_secret_and_phone()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.SeedFile = Write("tenant.json", TwoWorkspaces));

        using var withoutCode = await emulator.PostAsync("/v1/auth/login/password", new { login = "nina@north.test", password = "nina-password-1" });
        await Problem.AssertAsync(withoutCode, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
        var code = new Totp(Base32Encoding.ToBytes("KRSXG5CTMVRXEZLU")).ComputeTotp(emulator.Clock.GetUtcNow().UtcDateTime);
        var nina = await emulator.LoginAsync("nina@north.test", "nina-password-1", code);

        var profile = await emulator.GetJsonAsync("/v1/me/profile", nina.Access);
        Assert.Equal("+15550001111", profile.GetProperty("phone").GetString());
        Assert.Equal("nina@north.test", profile.GetProperty("email").GetString());
        Assert.Equal(2, (await emulator.GetJsonAsync("/v1/me/memberships", nina.Access)).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("""{ "workspaces": [], "users": [] }""", "$.workspaces: describe at least one Workspace.")]
    [InlineData("""{ "workspaces": [{ "id": "acme", "name": "A", "projects": [{ "id": "prj_a", "name": "A", "environments": ["test"] }] }], "users": [] }""", "$.workspaces[0].id:")]
    [InlineData("""{ "workspaces": [{ "id": "wrk_a", "name": "A", "projects": [{ "id": "prj_a", "name": "A", "environments": ["staging"] }] }], "users": [] }""", "$.workspaces[0].projects[0].environments[0]: 'staging' is not an environment")]
    [InlineData("""{ "workspaces": [{ "id": "wrk_a", "name": "A", "projects": [{ "id": "prj_a", "name": "A", "environments": ["test"] }] }], "users": [{ "id": "usr_a", "email": "a@a.test", "memberships": [{ "project": "prj_b", "environments": ["test"], "roles": ["viewer"] }] }] }""", "$.users[0].memberships[0].project: there is no Project 'prj_b'")]
    [InlineData("""{ "workspaces": [{ "id": "wrk_a", "name": "A", "projects": [{ "id": "prj_a", "name": "A", "environments": ["test"] }] }], "users": [{ "id": "usr_a", "email": "a@a.test", "memberships": [{ "project": "prj_a", "environments": ["test"], "roles": ["superuser"] }] }] }""", "$.users[0].memberships[0].roles[0]: 'superuser' is not a role")]
    [InlineData("""{ "workspaces": [{ "id": "wrk_a", "name": "A", "projects": [{ "id": "prj_a", "name": "A", "environments": ["test"] }] }], "users": [{ "id": "usr_a", "email": "a@a.test", "totpSecret": "not-base32" }, { "id": "usr_b", "email": "A@a.test" }] }""", "$.users[1].email: 'A@a.test' is used by another user.")]
    public void Errors_name_the_json_path_of_the_bad_field(string json, string expected)
    {
        var error = Assert.Throws<SeedFileException>(() => TenantSeedReader.Parse(json, "tenant.json"));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains("tenant.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_or_unknown_field_is_reported_with_its_path_and_line()
    {
        const string json = "{\n  \"workspaces\": [],\n  \"users\": [\n    { \"id\": \"usr_a\", \"email\": 42 }\n  ]\n}";
        const string unknown = "{\n  \"workspaces\": [],\n  \"users\": [],\n  \"tenantName\": \"x\"\n}";

        var mistyped = Assert.Throws<SeedFileException>(() => TenantSeedReader.Parse(json, "tenant.json"));
        var extra = Assert.Throws<SeedFileException>(() => TenantSeedReader.Parse(unknown, "tenant.json"));

        Assert.StartsWith("$.users[0].email (line 4)", Assert.Single(mistyped.Errors), StringComparison.Ordinal);
        Assert.Contains("tenantName", Assert.Single(extra.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_seed_file_stops_the_start()
    {
        var path = Write("broken.json", """{ "workspaces": [], "users": [] }""");

        var error = await Assert.ThrowsAsync<SeedFileException>(() => TestEmulator.StartAsync(o => o.SeedFile = path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_seed_is_the_shipped_file_and_the_schema_sits_beside_it()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "seed");

        var shipped = TenantSeedReader.FromFile(Path.Combine(output, "demo-tenant.json"));

        Assert.Equal(TenantSeedReader.Demo().Users.Select(u => u.Email), shipped.Users.Select(u => u.Email));
        Assert.True(File.Exists(Path.Combine(output, "lamba-seed.schema.json")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
