using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Shared;

/// <summary>
/// When the layout's loaders (the current context, the permissions for navigation) do their work: a page is about to
/// render for a signed-in user and is not open to anonymous visitors. Login and error pages are, and must render even
/// when Lamba is unreachable.
/// </summary>
public static class SignedInPage
{
    public static bool IsRendering(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Result is PageResult && IsRequested(context.HttpContext);
    }

    /// <summary>A signed-in user asks for something that is not open to anonymous visitors.</summary>
    public static bool IsRequested(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true
            && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }
}
