using LambaPages.Hosting;

namespace LambaPages.Features.Me;

/// <summary>
/// The signed-in user's context, fetched at most once per request (scoped) and shared by the page and the
/// layout. Signed-in pages load it before rendering (<see cref="LoadCurrentContextFilter"/>), so a failure
/// surfaces before the response starts; the layout only shows what is already loaded and never calls Lamba
/// itself, which keeps the error page from failing the same way a second time.
/// </summary>
[SliceService(ServiceLifetime.Scoped)]
public sealed class CurrentContext(IMeApi api)
{
    private readonly Lock gate = new();
    private Task<MeContext>? loading;

    /// <summary>The context when this request has loaded it successfully; otherwise null.</summary>
    public MeContext? Loaded => loading is { IsCompletedSuccessfully: true } done ? done.Result : null;

    public Task<MeContext> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return loading ??= api.GetContextAsync(cancellationToken);
        }
    }

    /// <summary>Forget the loaded context (after a switch-context in the same request).</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            loading = null;
        }
    }
}
