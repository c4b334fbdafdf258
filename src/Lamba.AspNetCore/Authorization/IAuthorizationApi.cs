using Refit;

namespace Lamba.AspNetCore.Authorization;

/// <summary>GET /v1/me/authorization: what the session may do in its active context (contract section 4).</summary>
public interface IAuthorizationApi
{
    [Get("/v1/me/authorization")]
    Task<SessionAuthorization> GetAuthorizationAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The roles and permissions of the session's active context; empty lists when no context is active.
/// <see cref="UserId"/> and <see cref="SessionId"/> are optional [ours]: when present, a webhook naming the user
/// can drop this answer from the cache.
/// </summary>
public sealed record SessionAuthorization(
    string? WorkspaceId,
    string? ProjectId,
    string? Environment,
    IReadOnlyList<string>? RoleKeys,
    IReadOnlyList<string>? Permissions,
    string? UserId = null,
    string? SessionId = null)
{
    public bool Has(string permission) => Permissions?.Contains(permission, StringComparer.Ordinal) == true;

    public bool HasAny(IEnumerable<string> permissions) => permissions.Any(Has);
}
