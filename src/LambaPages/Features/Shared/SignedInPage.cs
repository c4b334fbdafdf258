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
        return context.Result is PageResult
            && context.HttpContext.User.Identity?.IsAuthenticated == true
            && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }
}
