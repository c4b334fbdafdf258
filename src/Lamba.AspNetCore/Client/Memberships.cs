using Refit;

namespace Lamba.AspNetCore.Client;

/// <summary>GET /v1/me/memberships: where switch-context can go. Read by the SwitchContext and Me/Memberships slices.</summary>
public interface IMembershipsApi
{
    [Get("/v1/me/memberships")]
    Task<LambaList<Membership>> GetMembershipsAsync(CancellationToken cancellationToken);
}

/// <summary>One Project the user belongs to, the environments where that holds, and the roles there.</summary>
public sealed record Membership(NamedRef Workspace, NamedRef Project, IReadOnlyList<string>? Environments, IReadOnlyList<string>? RoleKeys);

public sealed record NamedRef(string Id, string? Name);

/// <summary>One place switch-context can enter: a Project in one environment, with the roles held there.</summary>
public sealed record ContextChoice(
    string WorkspaceId, string WorkspaceName, string ProjectId, string ProjectName, string Environment, IReadOnlyList<string> RoleKeys, bool Current)
{
    /// <summary>"Acme / Storefront (prod)", as the status message and the buttons say it.</summary>
    public string Label => $"{WorkspaceName} / {ProjectName} ({Environment})";

    /// <summary>Each environment of each membership is one choice; the session's active one is marked current.</summary>
    public static IReadOnlyList<ContextChoice> From(
        IEnumerable<Membership> memberships, string? activeWorkspaceId, string? activeProjectId, string? activeEnvironment) =>
        memberships
            .SelectMany(m => (m.Environments ?? []).Select(environment => new ContextChoice(
                m.Workspace.Id,
                m.Workspace.Name ?? m.Workspace.Id,
                m.Project.Id,
                m.Project.Name ?? m.Project.Id,
                environment,
                m.RoleKeys ?? [],
                activeWorkspaceId == m.Workspace.Id && activeProjectId == m.Project.Id && activeEnvironment == environment)))
            .ToList();
}
