using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Authorization;

/// <summary>Which permission a refused request lacked; null <see cref="Permission"/> means "any admin permission".</summary>
public sealed record PermissionDenial(string? Permission);

/// <summary>
/// Answers a refused admin request with 403 and the /Denied page (which names the missing permission and the
/// current Project) in place, at the address the user asked for; a page whose feature is off answers 404.
/// Everything else (not signed in, other policies) keeps ASP.NET Core's default handling.
/// </summary>
public sealed class PermissionDeniedResultHandler(DeniedPage deniedPage) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        // Every allowed request passes here: handed straight on, without a state machine of its own.
        return authorizeResult is { Forbidden: true, AuthorizationFailure: { } failure }
            ? HandleForbiddenAsync(next, context, policy, authorizeResult, failure)
            : fallback.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task HandleForbiddenAsync(
        RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult, AuthorizationFailure failure)
    {
        if (failure.FailureReasons.OfType<FeatureOffReason>().Any())
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var failed = failure.FailedRequirements.ToList();
        if (failed.OfType<PermissionRequirement>().FirstOrDefault() is { } missing)
        {
            await deniedPage.RenderAsync(context, new PermissionDenial(missing.Permission));
        }
        else if (failed.OfType<AnyAdminPermissionRequirement>().Any())
        {
            await deniedPage.RenderAsync(context, new PermissionDenial(null));
        }
        else
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}

/// <summary>
/// Renders /Denied with 403 for the current request, in place (no redirect: the status is the answer). Used by the
/// authorization middleware and by page handlers that check a stronger permission before acting.
/// </summary>
public sealed class DeniedPage(EndpointDataSource endpoints, IOptions<LambaHostingOptions> hosting)
{
    private Endpoint? denied;

    public async Task RenderAsync(HttpContext context, PermissionDenial denial)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Set(denial);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (hosting.Value.DeniedPage is not { } pagePath)
        {
            return;
        }

        var endpoint = denied ??= endpoints.Endpoints.First(e =>
            e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == pagePath);

        // (An Index page has two routes, "/Denied" and "/Denied/Index", with one action behind them.)
        // Served as a GET of the denied page: its only handler is OnGet, and nothing of the refused request runs.
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Path = hosting.Value.DeniedPath;
        request.QueryString = QueryString.Empty;
        request.RouteValues.Clear();
        request.RouteValues["page"] = pagePath;
        context.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(context);
    }
}

/// <summary>A page handler's "you may not do this": 403 with the denied page naming <see cref="Permission"/>.</summary>
public sealed class PermissionDeniedResult(string permission) : IActionResult
{
    public string Permission => permission;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = context.HttpContext.RequestServices.GetRequiredService<DeniedPage>();
        return page.RenderAsync(context.HttpContext, new PermissionDenial(permission));
    }
}
