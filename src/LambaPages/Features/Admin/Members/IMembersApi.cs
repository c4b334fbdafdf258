using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Admin.Members;

/// <summary>The api-host calls of the Members slice (contract section 5); each acts on the session's active Project.</summary>
[LambaApi(LambaHost.Api)]
public interface IMembersApi
{
    [Get("/v1/admin/members")]
    Task<LambaList<Member>> ListAsync(int? limit, string? cursor, string? query, CancellationToken cancellationToken);

    [Get("/v1/admin/members/{userId}")]
    Task<Member> GetAsync(string userId, CancellationToken cancellationToken);

    [Patch("/v1/admin/members/{userId}")]
    Task<IApiResponse> ChangeRolesAsync(string userId, [Body] ChangeRolesRequest body, CancellationToken cancellationToken);

    [Delete("/v1/admin/members/{userId}")]
    Task<IApiResponse> RemoveAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A Project member; everything but the id is optional on the wire.</summary>
public sealed record Member(
    string UserId,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string>? RoleKeys,
    string? Status,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? LastLoginAt)
{
    public IReadOnlyList<string> Roles => RoleKeys ?? [];

    public string Name => DisplayName ?? Email ?? UserId;
}

public sealed record ChangeRolesRequest(IReadOnlyList<string> RoleKeys);
