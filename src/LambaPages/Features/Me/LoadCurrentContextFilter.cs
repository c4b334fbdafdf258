using LambaPages.Features.Shared;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LambaPages.Features.Me;

/// <summary>
/// Before a signed-in page renders, load the context its layout shows. Pages open to anonymous users
/// (login, error) skip it: they must render even when Lamba is unreachable.
/// </summary>
public sealed class LoadCurrentContextFilter(CurrentContext currentContext) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (SignedInPage.IsRendering(context))
        {
            await currentContext.LoadAsync(context.HttpContext.RequestAborted);
        }

        await next();
    }
}
