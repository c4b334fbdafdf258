using System.Collections.Concurrent;
using System.Reflection;
using Lamba.AspNetCore.Client;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lamba.AspNetCore.Authorization;

/// <summary>
/// A page handler that needs <see cref="Permission"/> before it acts, on top of the page's own (read) policy:
/// <c>[RequiresPermission(Permissions.MembersWrite)] public Task&lt;IActionResult&gt; OnPostRolesAsync(...)</c>.
/// Read by <see cref="RequiresPermissionFilter"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresPermissionAttribute(string permission) : Attribute
{
    public string Permission => permission;
}

/// <summary>The permission the running handler needs (its attribute's, else the page policy's), for the denied page.</summary>
public sealed record PermissionNeeded(string Permission);

/// <summary>
/// The one place a page handler's permission is enforced and Lamba's refusal is believed:
/// <list type="bullet">
/// <item>before the handler runs, a <see cref="RequiresPermissionAttribute"/> the session lacks answers 403 with the
/// denied page, and nothing is sent to Lamba;</item>
/// <item>after it, a 403 from Lamba (thrown by any call the handler made, or answered as <see cref="LambaDeniedResult"/>)
/// drops the session's cached permissions at once and answers 403 with the denied page, never the error page: the
/// cache said yes, Lamba said no, and Lamba is right (a demoted admin is refused from the next action on).</item>
/// </list>
/// </summary>
public sealed class RequiresPermissionFilter : IAsyncPageFilter
{
    // Attribute lookups build new attribute instances on every call: each handler method is read once.
    private static readonly ConcurrentDictionary<MethodInfo, string?> HandlerPermissions = new();

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var required = context.HandlerMethod is { } handler
            ? HandlerPermissions.GetOrAdd(handler.MethodInfo, static method => method.GetCustomAttribute<RequiresPermissionAttribute>()?.Permission)
            : null;
        if ((required ?? PagePolicyPermission(context)) is { } permission)
        {
            context.HttpContext.Features.Set(new PermissionNeeded(permission));
        }

        if (required is not null
            && !(await context.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>()
                .AuthorizeAsync(context.HttpContext.User, resource: null, required)).Succeeded)
        {
            context.Result = new PermissionDeniedResult(required);
            return;
        }

        var executed = await next();
        if (executed is { Exception: { } exception, ExceptionHandled: false } && LambaProblem.TryFrom(exception) is { Status: 403 })
        {
            executed.Result = new LambaDeniedResult();
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>The page's last <c>[Authorize(Policy = ...)]</c> that names a permission (from the endpoint's cached metadata).</summary>
    private static string? PagePolicyPermission(PageHandlerExecutingContext context)
    {
        var authorizeData = context.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() ?? [];
        for (var i = authorizeData.Count - 1; i >= 0; i--)
        {
            if (authorizeData[i].Policy is { } policy && Permissions.All.Contains(policy))
            {
                return policy;
            }
        }

        return null;
    }
}

/// <summary>
/// Lamba answered 403 to something this session tried: its cached permissions are dropped at once (so navigation and
/// the next request ask Lamba again) and the denied page answers, naming the permission the handler needed.
/// </summary>
public sealed class LambaDeniedResult : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<CurrentPermissions>().Invalidate();
        return http.RequestServices.GetRequiredService<DeniedPage>()
            .RenderAsync(http, new PermissionDenial(http.Features.Get<PermissionNeeded>()?.Permission));
    }
}
