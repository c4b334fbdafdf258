using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Lamba.AspNetCore.Authorization;

/// <summary>"May this user do X?" for a page handler about to act: null when allowed, else the 403 result to return.</summary>
public sealed class PermissionGuard(IAuthorizationService authorization)
{
    public async Task<PermissionDeniedResult?> DenyUnlessAsync(ClaimsPrincipal user, string permission) =>
        (await authorization.AuthorizeAsync(user, resource: null, permission)).Succeeded ? null : new PermissionDeniedResult(permission);
}
