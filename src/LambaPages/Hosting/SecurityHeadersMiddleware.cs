using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.Extensions.Options;

namespace LambaPages.Hosting;

/// <summary>
/// Security headers on every response, set when the response starts so that error pages and redirects get them too.
/// Everything the pages load is local (no CDN): 'self' is the whole policy and nothing needs a base URL, except that
/// with hosted sign-in a form (Continue with Lamba, Sign out) may end in a redirect to Lamba's id host, which
/// form-action must then allow.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<LambaOptions> lamba)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>The portal uses none of these browser features; a script injected despite the CSP gets none either.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    private string? policy;

    public Task InvokeAsync(HttpContext context)
    {
        policy ??= HostedSignIn.IsConfigured(lamba.Value) && lamba.Value.AuthBaseUrl is { } idHost
            ? ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + idHost.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            : ContentSecurityPolicy;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers.Remove("Server");
            if (ShowsOrSetsPrivateState(context))
            {
                // Pages (signed-in ones show personal data) and every response that sets a cookie, redirects
                // included: no browser or proxy cache may keep them or replay their cookies.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool ShowsOrSetsPrivateState(HttpContext context) =>
        context.Response.Headers.SetCookie.Count > 0
        || context.User.Identity?.IsAuthenticated == true
        || context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
}
