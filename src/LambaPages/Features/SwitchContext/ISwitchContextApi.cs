using LambaPages.Lamba;
using Refit;

namespace LambaPages.Features.SwitchContext;

/// <summary>The id-host call of the SwitchContext slice, with the session's bearer.</summary>
public interface ISwitchContextApi
{
    [Post("/v1/sessions/switch-context")]
    Task<LambaTokens> SwitchContextAsync([Body] SwitchContextBody body, CancellationToken cancellationToken);
}

/// <summary>The api-host call of the SwitchContext slice: where switch-context can go.</summary>
public interface IMembershipsApi
{
    [Get("/v1/me/memberships")]
    Task<MembershipList> GetMembershipsAsync(CancellationToken cancellationToken);
}

public sealed record SwitchContextBody(string WorkspaceId, string ProjectId, string Environment);

/// <summary>GET /v1/me/memberships, in the list shape of contract section 6.</summary>
public sealed record MembershipList(IReadOnlyList<MembershipItem>? Items, string? NextCursor);

public sealed record MembershipItem(NamedRef Workspace, NamedRef Project, IReadOnlyList<string>? Environments, IReadOnlyList<string>? RoleKeys);

public sealed record NamedRef(string Id, string? Name);
