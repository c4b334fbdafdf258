using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.Extensions.Options;

namespace LambaPages.Hosting;

/// <summary>
/// Security headers on every response, set when the response starts so that error pages get them too.
/// Everything the pages load is local (no CDN): 'self' is the whole policy, except that with hosted sign-in a form
/// (Continue with Lamba, Sign out) may end in a redirect to Lamba's id host, which form-action must then allow.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<LambaOptions> lamba)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

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
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                // Signed-in pages show personal data: no browser or proxy cache keeps them.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
