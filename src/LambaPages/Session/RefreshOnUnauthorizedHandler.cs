using System.Net;
using LambaPages.Lamba;

namespace LambaPages.Session;

/// <summary>
/// On the api host: a 401 refreshes the session once and retries the call once (contract section 7).
/// A second 401, or a refresh Lamba rejects, ends the session. A 5xx or timeout during the refresh
/// propagates as an ordinary failure: the cookies stay, the error page shows.
/// </summary>
public sealed class RefreshOnUnauthorizedHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var session = LambaSession.Current(httpContextAccessor.HttpContext);
        if (session is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Content is not null)
        {
            // The retry sends the same message again; a buffered body can be read twice.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        request.Options.TryGetValue(BearerTokenHandler.SessionTokenKey, out var rejectedToken);
        if (!await session.TryRefreshAsync(rejectedToken, cancellationToken))
        {
            throw new LambaSessionEndedException("Lamba rejected the session and its refresh.");
        }

        var retry = await base.SendAsync(request, cancellationToken);
        if (retry.StatusCode == HttpStatusCode.Unauthorized)
        {
            retry.Dispose();
            throw new LambaSessionEndedException("Lamba rejected the refreshed session.");
        }

        return retry;
    }
}
