namespace Lamba.AspNetCore.Client;

/// <summary>
/// Lamba records the device and address of each session (GET /v1/me/sessions shows them back to the user). The portal
/// calls Lamba server-side, so without this every session would look like the portal itself: pass on the browser's
/// User-Agent and the address the portal sees it connect from (X-Forwarded-For).
/// </summary>
public sealed class ClientInfoHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext is { } incoming)
        {
            var userAgent = incoming.Request.Headers.UserAgent.ToString();
            if (userAgent.Length > 0)
            {
                request.Headers.UserAgent.Clear();
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            }

            if (incoming.Connection.RemoteIpAddress is { } address)
            {
                request.Headers.Remove(ForwardedForHeader);
                request.Headers.TryAddWithoutValidation(ForwardedForHeader, address.ToString());
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
