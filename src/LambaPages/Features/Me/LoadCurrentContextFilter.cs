using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me;

/// <summary>
/// Before a signed-in page renders, load the context its layout shows. Pages open to anonymous users
/// (login, error) skip it: they must render even when Lamba is unreachable.
/// </summary>
public sealed class LoadCurrentContextFilter(CurrentContext currentContext) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is PageResult
            && context.HttpContext.User.Identity?.IsAuthenticated == true
            && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            await currentContext.LoadAsync(context.HttpContext.RequestAborted);
        }

        await next();
    }
}
