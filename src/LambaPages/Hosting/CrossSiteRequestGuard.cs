namespace LambaPages.Hosting;

/// <summary>
/// Refuses (403) a state-changing request that the browser says comes from another site, before routing, binding or
/// any handler runs, and whatever antiforgery token it carries: <c>Sec-Fetch-Site</c> other than
/// <c>same-origin</c>/<c>none</c>, or an <c>Origin</c> other than this portal's own. A second line behind
/// antiforgery and SameSite cookies (ASVS 3.5.x): a leaked token alone cannot be used from another site.
/// Requests without either header (old browsers, non-browser clients) are left to antiforgery.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public const string Refusal = "Cross-site request refused.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && IsCrossSite(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            // A body, so the status-code page is not re-executed with this POST.
            await context.Response.WriteAsync(Refusal, context.RequestAborted);
            return;
        }

        await next(context);
    }

    public static bool IsCrossSite(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host.Value}";
        return !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
    }
}
