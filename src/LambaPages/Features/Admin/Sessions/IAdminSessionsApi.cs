using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Admin.Sessions;

/// <summary>The api-host calls of the admin Sessions slice (contract section 5).</summary>
[LambaApi(LambaHost.Api)]
public interface IAdminSessionsApi
{
    [Get("/v1/admin/sessions")]
    Task<LambaList<MemberSession>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>One page; <paramref name="cursor"/> is the previous page's <c>nextCursor</c>.</summary>
    [Get("/v1/admin/sessions")]
    Task<LambaList<MemberSession>> ListPageAsync(string userId, int limit, string? cursor, CancellationToken cancellationToken);

    [Delete("/v1/admin/sessions/{sessionId}")]
    Task<IApiResponse> RevokeAsync(string sessionId, CancellationToken cancellationToken);
}

public sealed record MemberSession(
    string Id,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    string? UserAgent,
    string? IpAddress,
    SessionProject? ActiveProject);

public sealed record SessionProject(string? Id, string? Name, string? Environment);
