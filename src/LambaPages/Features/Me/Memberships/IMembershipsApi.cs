using LambaPages.Lamba;
using Refit;

namespace LambaPages.Features.Me.Memberships;

/// <summary>The api-host calls of the Memberships slice: where the user can go, and which outside identities sign them in.</summary>
public interface IMembershipsApi
{
    [Get("/v1/me/memberships")]
    Task<LambaList<Membership>> GetMembershipsAsync(CancellationToken cancellationToken);

    [Get("/v1/me/linked-identities")]
    Task<LambaList<LinkedIdentity>> GetLinkedIdentitiesAsync(CancellationToken cancellationToken);
}

/// <summary>One Project the user belongs to, the environments where that holds, and the roles there.</summary>
public sealed record Membership(WorkspaceRef Workspace, ProjectRef Project, IReadOnlyList<string>? Environments, IReadOnlyList<string>? RoleKeys);

public sealed record ProjectRef(string Id, string? Name);

public sealed record LinkedIdentity(string Provider, string? Subject, string? Email, DateTimeOffset? LinkedAt);
