using System.Globalization;
using System.Net.Http.Headers;

namespace Lamba.AspNetCore.Client;

/// <summary>
/// Lamba records the device and address of each session (GET /v1/me/sessions shows them back to the user). The portal
/// calls Lamba server-side, so without this every session would look like the portal itself: pass on the browser's
/// User-Agent and the address the portal sees it connect from (X-Forwarded-For), and the language the reader is shown
/// (Accept-Language: the request's UI culture), which Lamba uses for messages to someone who has no account yet.
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

            if (CultureInfo.CurrentUICulture.Name is { Length: > 0 } language)
            {
                request.Headers.AcceptLanguage.Clear();
                request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
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
