using LambaPages.Features;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.FeatureManagement;

namespace LambaPages.Authorization;

/// <summary>The session holds <see cref="Permission"/> in its active context.</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>The session holds at least one admin permission (the /Admin folder policy).</summary>
public sealed record AnyAdminPermissionRequirement : IAuthorizationRequirement;

/// <summary>Why a requirement failed when the page's feature is switched off: the page is answered as not found.</summary>
public sealed class FeatureOffReason(IAuthorizationHandler handler) : AuthorizationFailureReason(handler, "The feature is switched off.");

/// <summary>
/// Satisfies both requirements from GET /v1/me/authorization (through the per-session cache). A failed call
/// throws: the request ends on the error page and nothing is granted. A page whose feature flag is off is
/// refused without asking Lamba, so a hidden area costs no upstream call.
/// </summary>
public sealed class PermissionAuthorizationHandler(CurrentPermissions permissions, IFeatureManager features) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = context.PendingRequirements
            .Where(r => r is PermissionRequirement or AnyAdminPermissionRequirement).ToList();
        if (pending.Count == 0 || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (context.Resource is HttpContext httpContext && await IsFeatureOffAsync(httpContext))
        {
            context.Fail(new FeatureOffReason(this));
            return;
        }

        var authorization = await permissions.LoadAsync(
            (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None);
        foreach (var requirement in pending)
        {
            var granted = requirement switch
            {
                PermissionRequirement permission => authorization.Has(permission.Permission),
                _ => authorization.HasAny(Permissions.All),
            };
            if (granted)
            {
                context.Succeed(requirement);
            }
        }
    }

    /// <summary>The page lies in a folder whose feature flag (<see cref="FeatureFlags.GatedFolders"/>) is off.</summary>
    private async Task<bool> IsFeatureOffAsync(HttpContext httpContext)
    {
        var path = httpContext.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath;
        if (path is null)
        {
            return false;
        }

        foreach (var (folder, flag) in FeatureFlags.GatedFolders)
        {
            if ((path.Equals(folder, StringComparison.OrdinalIgnoreCase) || path.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase))
                && !await features.IsEnabledAsync(flag))
            {
                return true;
            }
        }

        return false;
    }
}
