using System.Text.Json.Serialization;

namespace Lamba.Emulator.Store.Seeding;

/// <summary>
/// A tenant file (<c>--seed tenant.json</c>): the Workspaces, Projects, users, memberships and App Clients an
/// emulator starts with and returns to on reset. The built-in demo seed is one such file (<c>demo-tenant.json</c>).
/// Its JSON Schema is <c>lamba-seed.schema.json</c>, beside it. Roles and permissions are the contract's built-in
/// catalogue and are not part of the file.
/// </summary>
public sealed record TenantSeed(
    IReadOnlyList<SeedWorkspace> Workspaces,
    IReadOnlyList<SeedUser> Users,
    IReadOnlyList<SeedAppClient>? AppClients = null,
    SeedSignUps? SignUps = null,
    [property: JsonPropertyName("$schema")] string? Schema = null)
{
    /// <summary>
    /// Where self-service sign-ups land (a viewer membership, their <c>user.created</c> event and sign-in audit
    /// entries): <see cref="SignUps"/> when given, else the first environment of the first Workspace's first Project.
    /// </summary>
    public SignUpHome SignUpHome() => signUpHome ??= FindSignUpHome();

    // Computed once: every sign-up and every default audit entry asks (the seed is checked before anyone can).
    private SignUpHome? signUpHome;

    private SignUpHome FindSignUpHome()
    {
        var projectId = SignUps?.Project ?? Workspaces[0].Projects[0].Id;
        var workspace = Workspaces.First(w => w.Projects.Any(p => p.Id == projectId));
        var project = workspace.Projects.First(p => p.Id == projectId);
        return new SignUpHome(workspace.Id, project.Id, SignUps?.Environment ?? project.Environments[0]);
    }
}

/// <summary>The Project environment self-service sign-ups join (as viewers).</summary>
public sealed record SeedSignUps(string Project, string? Environment = null);

public sealed record SignUpHome(string WorkspaceId, string ProjectId, string Environment);

public sealed record SeedWorkspace(string Id, string Name, IReadOnlyList<SeedProject> Projects);

public sealed record SeedProject(string Id, string Name, IReadOnlyList<string> Environments);

/// <summary>A user; without a password they sign in by magic link or phone code only.</summary>
public sealed record SeedUser(
    string Id,
    string Email,
    string? Username = null,
    string? DisplayName = null,
    string? Password = null,
    string? TotpSecret = null,
    string? Phone = null,
    IReadOnlyList<SeedMembership>? Memberships = null);

/// <summary>Roles held in one Project, in each of the listed environments.</summary>
public sealed record SeedMembership(string Project, IReadOnlyList<string> Environments, IReadOnlyList<string> Roles);

/// <summary>An OIDC App Client: public without a secret, confidential with one.</summary>
public sealed record SeedAppClient(
    string Id,
    string Name,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris = null,
    bool AllowLoopbackAnyPort = false,
    string? Secret = null,
    string? ManagementRole = null);
