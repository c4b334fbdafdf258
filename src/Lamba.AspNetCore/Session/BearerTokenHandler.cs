using System.Net.Http.Headers;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// Puts the current request's access token on an upstream call at send time. Handlers are pooled and shared
/// across users, so it keeps no state: the token comes from the per-request <see cref="LambaSession"/> on every send,
/// which is also how a retry after a refresh picks up the new token.
/// </summary>
public sealed class BearerTokenHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    /// <summary>Marks a request whose bearer came from the session (so a refresh may replace it).</summary>
    internal static readonly HttpRequestOptionsKey<string> SessionTokenKey = new("LambaPages.SessionAccessToken");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A token passed explicitly (switch-context or logout with a token the session does not hold yet) wins.
        var explicitToken = request.Headers.Authorization is not null && !request.Options.TryGetValue(SessionTokenKey, out _);
        if (!explicitToken)
        {
            var token = LambaSession.Current(httpContextAccessor.HttpContext)?.AccessToken;
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
            if (token is not null)
            {
                request.Options.Set(SessionTokenKey, token);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
