using Lamba.AspNetCore.Client;
using Mediator;

namespace LambaPages.Features.Me.Memberships;

/// <summary>The user's memberships (each environment one place to switch to) and linked identities; read-only.</summary>
public sealed record MembershipsQuery : IQuery<MembershipsView>;

public sealed record MembershipsView(IReadOnlyList<ContextChoice> Places, IReadOnlyList<LinkedIdentity> LinkedIdentities);

public sealed class MembershipsQueryHandler(IMembershipsApi memberships, ILinkedIdentitiesApi linkedIdentities, CurrentContext currentContext)
    : IQueryHandler<MembershipsQuery, MembershipsView>
{
    public async ValueTask<MembershipsView> Handle(MembershipsQuery query, CancellationToken cancellationToken)
    {
        var places = memberships.GetMembershipsAsync(cancellationToken);
        var identities = linkedIdentities.GetLinkedIdentitiesAsync(cancellationToken);
        var context = currentContext.LoadAsync(cancellationToken);
        await Task.WhenAll(places, identities, context);

        var current = await context;
        return new MembershipsView(
            ContextChoice.From((await places).All, current.ActiveWorkspace?.Id, current.ActiveProject?.Id, current.ActiveProject?.Environment),
            (await identities).All);
    }
}
