using Microsoft.AspNetCore.Authorization;

namespace Lamba.AspNetCore.Authorization;

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
public sealed class PermissionAuthorizationHandler(CurrentPermissions permissions, IEnumerable<IFeatureSwitch> featureSwitches) : IAuthorizationHandler
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

    /// <summary>Some <see cref="IFeatureSwitch"/> says the endpoint's feature is off.</summary>
    private async Task<bool> IsFeatureOffAsync(HttpContext httpContext)
    {
        foreach (var featureSwitch in featureSwitches)
        {
            if (await featureSwitch.IsOffAsync(httpContext))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The app's answer to "is the feature behind this endpoint switched off?" (feature flags, for example). A switched-off
/// endpoint is refused before Lamba is asked anything, and answered as not found.
/// </summary>
public interface IFeatureSwitch
{
    Task<bool> IsOffAsync(HttpContext context);
}
