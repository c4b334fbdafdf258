namespace Lamba.AspNetCore.Client;

/// <summary>
/// Every Lamba call asks for JSON and tells caches between the portal and Lamba not to keep the answer (it carries
/// personal data). Set here per request as raw values, not as the client's DefaultRequestHeaders: the factory hands out
/// a new HttpClient per request scope, so default headers were parsed objects rebuilt for every client and then copied
/// into every request (bench B5: 2.5 KB per view).
/// </summary>
public sealed class LambaRequestDefaultsHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Contains("Accept"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
        }

        if (!request.Headers.Contains("Cache-Control"))
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", "no-store");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
