using Mediator;

namespace LambaPages.Features.Me.Memberships;

/// <summary>The user's memberships (each environment one place to switch to) and linked identities; read-only.</summary>
public sealed record MembershipsQuery : IQuery<MembershipsView>;

/// <summary>One place switch-context can enter: a Project in one environment, with the roles held there.</summary>
public sealed record MembershipPlace(WorkspaceRef Workspace, ProjectRef Project, string Environment, IReadOnlyList<string> RoleKeys, bool Active);

public sealed record MembershipsView(IReadOnlyList<MembershipPlace> Places, IReadOnlyList<LinkedIdentity> LinkedIdentities);

public sealed class MembershipsQueryHandler(IMembershipsApi api, CurrentContext currentContext) : IQueryHandler<MembershipsQuery, MembershipsView>
{
    public async ValueTask<MembershipsView> Handle(MembershipsQuery query, CancellationToken cancellationToken)
    {
        var memberships = api.GetMembershipsAsync(cancellationToken);
        var identities = api.GetLinkedIdentitiesAsync(cancellationToken);
        var context = currentContext.LoadAsync(cancellationToken);
        await Task.WhenAll(memberships, identities, context);

        var active = (await context).ActiveProject;
        var places = (await memberships).All
            .SelectMany(m => (m.Environments ?? []).Select(environment => new MembershipPlace(
                m.Workspace, m.Project, environment, m.RoleKeys ?? [],
                active is not null && active.Id == m.Project.Id && active.Environment == environment)))
            .ToList();
        return new MembershipsView(places, (await identities).All);
    }
}
