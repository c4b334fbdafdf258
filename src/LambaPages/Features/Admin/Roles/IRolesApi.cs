using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Admin.Roles;

/// <summary>The api-host calls of the Roles slice (read-only, roles:read).</summary>
[LambaApi(LambaHost.Api)]
public interface IRolesApi
{
    [Get("/v1/admin/roles")]
    Task<LambaList<Role>> ListRolesAsync(CancellationToken cancellationToken);

    [Get("/v1/admin/permissions")]
    Task<LambaList<PermissionDescription>> ListPermissionsAsync(CancellationToken cancellationToken);
}

public sealed record Role(string Key, string? Name, string? Description, IReadOnlyList<string>? Permissions, bool? BuiltIn)
{
    public string Title => Name ?? Key;

    public IReadOnlyList<string> Granted => Permissions ?? [];
}

public sealed record PermissionDescription(string Key, string? Description);
