using LambaPages.Features.Shared;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LambaPages.Features.Me;

/// <summary>
/// Before a signed-in page renders, load the context its layout shows. Pages open to anonymous users
/// (login, error) skip it: they must render even when Lamba is unreachable. One instance serves every request (the
/// request's <see cref="CurrentContext"/> is resolved when needed), so MVC reuses each page's filter list instead of
/// building it and this filter again on every view.
/// </summary>
public sealed class LoadCurrentContextFilter : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (SignedInPage.IsRendering(context))
        {
            await context.HttpContext.RequestServices.GetRequiredService<CurrentContext>().LoadAsync(context.HttpContext.RequestAborted);
        }

        await next();
    }
}
