namespace Lamba.Emulator.Store;

public sealed class Workspace
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Project
{
    public string Id { get; set; } = "";

    public string WorkspaceId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The environments the Project has: <c>test</c>, <c>prod</c>.</summary>
    public List<string> Environments { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A user's place in one Project environment. One row per (user, project, environment).</summary>
public sealed class Membership
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public string ProjectId { get; set; } = "";

    public string Environment { get; set; } = "";

    public List<string> RoleKeys { get; set; } = [];

    /// <summary><see cref="MembershipStatus.Active"/> or <see cref="MembershipStatus.Suspended"/>.</summary>
    public string Status { get; set; } = MembershipStatus.Active;

    public DateTimeOffset JoinedAt { get; set; }
}

public static class MembershipStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
}

public static class EnvironmentKeys
{
    public const string Test = "test";
    public const string Prod = "prod";

    public static bool IsKnown(string? environment) => environment is Test or Prod;
}

/// <summary>A role: built-in ones have no Project and apply everywhere; custom ones belong to one Project.</summary>
public sealed class Role
{
    public string Id { get; set; } = "";

    public string? ProjectId { get; set; }

    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public List<string> Permissions { get; set; } = [];

    public bool BuiltIn { get; set; }
}

/// <summary>The permission catalogue (<c>GET /v1/admin/permissions</c>).</summary>
public sealed class PermissionDefinition
{
    public string Key { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Catalogue order, for stable listings.</summary>
    public int Position { get; set; }
}

/// <summary>The permission keys, for code that checks them.</summary>
public static class PermissionKeys
{
    public const string MembersRead = "members:read";
    public const string MembersWrite = "members:write";
    public const string InvitationsRead = "invitations:read";
    public const string InvitationsWrite = "invitations:write";
    public const string RolesRead = "roles:read";
    public const string SessionsRead = "sessions:read";
    public const string SessionsRevoke = "sessions:revoke";
    public const string AuditRead = "audit:read";
}
