using Mediator;

namespace LambaPages.Features.Me;

/// <summary>The signed-in user's account overview.</summary>
public sealed record MeQuery : IQuery<MeContext>;

public sealed class MeQueryHandler(CurrentContext currentContext) : IQueryHandler<MeQuery, MeContext>
{
    // Through the per-request cache: the layout shows the same context without a second call.
    public async ValueTask<MeContext> Handle(MeQuery query, CancellationToken cancellationToken) =>
        await currentContext.LoadAsync(cancellationToken);
}
