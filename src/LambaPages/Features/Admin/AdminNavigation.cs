using LambaPages.Features;
using LambaPages.Features.Shared;
using System.Reflection;
using System.Security.Claims;
using Lamba.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.FeatureManagement;
using Refit;

[assembly: FeatureFolder(LambaPages.Features.Admin.AdminArea.Folder, FeatureFlags.AdminArea)]

namespace LambaPages.Features.Admin;

/// <summary>An admin page as navigation shows it, with the policy its page enforces (and the flag that hides it).</summary>
public sealed record AdminLink(string Text, string Page, string Policy, string? FeatureFlag = null);

/// <summary>
/// Puts an admin page (its PageModel, which carries the permission policy) in the admin navigation, at
/// <see cref="Order"/>: declared in the page's own folder, found by <see cref="AdminNavigation.Links"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AdminLinkAttribute(string text, string page) : Attribute
{
    public string Text => text;

    public string Page => page;

    public int Order { get; init; }
}

/// <summary>
/// Which admin links this user sees: exactly what each page's own policy asks (AuthorizationRegistration: a signed-in
/// user holding the permission the policy is named after), answered from the permissions this request has already
/// loaded, without five IAuthorizationService evaluations per page view (their contexts, handler lists and tasks were
/// a measurable share of a page's allocations, bench B5). AdminGatingTests keeps the links and the pages in step. It
/// never calls Lamba itself (the layout also renders the error page); with nothing loaded, or the admin area switched
/// off, it shows no links.
/// </summary>
public sealed class AdminNavigation(CurrentPermissions permissions, IFeatureManager features)
{
    /// <summary>Every page marked <see cref="AdminLinkAttribute"/>, in order, with its page's policy and its folder's flag.</summary>
    public static readonly IReadOnlyList<AdminLink> Links = typeof(AdminNavigation).Assembly.GetTypes()
        .Select(type => (Type: type, Link: type.GetCustomAttribute<AdminLinkAttribute>()))
        .Where(declared => declared.Link is not null)
        .OrderBy(declared => declared.Link!.Order)
        .Select(declared => new AdminLink(
            declared.Link!.Text,
            declared.Link.Page,
            declared.Type.GetCustomAttribute<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>()?.Policy
                ?? throw new InvalidOperationException($"{declared.Type.Name} is an admin link without a permission policy."),
            FeatureFlags.GatedFolders
                .Where(gate => gate.Key != AdminArea.Folder && declared.Link.Page.StartsWith(gate.Key + "/", StringComparison.Ordinal))
                .Select(gate => gate.Value).FirstOrDefault()))
        .ToList();

    public async Task<IReadOnlyList<AdminLink>> VisibleLinksAsync(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || permissions.Loaded is not { } loaded || !await features.IsEnabledAsync(FeatureFlags.AdminArea))
        {
            return [];
        }

        var visible = new List<AdminLink>(Links.Count);
        foreach (var link in Links)
        {
            if (loaded.Has(link.Policy) && (link.FeatureFlag is null || await features.IsEnabledAsync(link.FeatureFlag)))
            {
                visible.Add(link);
            }
        }

        return visible;
    }
}

/// <summary>
/// Before a signed-in page renders, load the session's permissions so the layout can show the admin links.
/// Best effort: when Lamba cannot answer, the page still renders without admin links (admin pages themselves
/// fail closed in their own authorization step). One instance serves every request (the request's
/// <see cref="CurrentPermissions"/> is resolved when needed), so MVC reuses each page's filter list.
/// </summary>
public sealed class LoadPermissionsFilter(IFeatureManager features, ILogger<LoadPermissionsFilter> logger) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (SignedInPage.IsRendering(context) && await features.IsEnabledAsync(FeatureFlags.AdminArea))
        {
            try
            {
                await context.HttpContext.RequestServices.GetRequiredService<CurrentPermissions>().LoadAsync(context.HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is ApiException or ApiRequestException or HttpRequestException)
            {
                logger.LogWarning("Could not load the session's permissions for navigation ({ExceptionType}); no admin links shown",
                    ex.GetType().Name);
            }
        }

        await next();
    }
}

public static class AdminArea
{
    public const string Folder = "/Admin";

    /// <summary>The folder lock: every page under /Admin needs a signed-in user with some admin permission, on top of its own policy.</summary>
    public static PageConventionCollection AddAdminAreaLock(this PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        conventions.AuthorizeFolder(Folder, Permissions.AdminArea);
        return conventions;
    }
}
