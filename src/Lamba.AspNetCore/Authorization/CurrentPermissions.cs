using Microsoft.Extensions.DependencyInjection;
using Lamba.AspNetCore.Session;

namespace Lamba.AspNetCore.Authorization;

/// <summary>
/// This request's view of the session's permissions (scoped): loaded at most once per request, through the
/// per-session <see cref="IPermissionCache"/>. A failed load throws (fail closed): no policy passes on a guess.
/// The Refit client is resolved only when the cache misses: each one is a new HttpClient with its default headers,
/// and almost every request is answered from the cache.
/// </summary>
public sealed class CurrentPermissions(IServiceProvider services, IPermissionCache cache, LambaSession session)
{
    private readonly Lock gate = new();
    private Task<SessionAuthorization>? loading;

    /// <summary>The permissions when this request has loaded them successfully; otherwise null (the layout never loads).</summary>
    public SessionAuthorization? Loaded => loading is { IsCompletedSuccessfully: true } done ? done.Result : null;

    public Task<SessionAuthorization> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (loading is { IsFaulted: true } or { IsCanceled: true })
            {
                loading = null;
            }

            return loading ??= cache.GetOrLoadAsync(session, LoadFromLambaAsync, cancellationToken);
        }
    }

    private Task<SessionAuthorization> LoadFromLambaAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<IAuthorizationApi>().GetAuthorizationAsync(cancellationToken);

    /// <summary>Forget this request's copy and the session's cached one (after the user changed their own roles).</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            loading = null;
        }

        cache.Forget(session);
    }
}
