using System.Net;
using Lamba.AspNetCore.Authorization;
using Mediator;
using Refit;
using LambaPages.Hosting;

namespace LambaPages.Features.Admin.Roles;

/// <summary>Each role with its permissions in words, and the whole permission catalogue.</summary>
public sealed record RolesQuery : IQuery<RolesOverview>;

public sealed record RolesOverview(IReadOnlyList<Role> Roles, IReadOnlyList<PermissionDescription> Catalogue)
{
    /// <summary>The catalogue's description of a permission, or its key when Lamba gave none.</summary>
    public string Describe(string permission) =>
        Catalogue.FirstOrDefault(p => p.Key == permission)?.Description ?? permission;
}

public sealed class RolesQueryHandler(IRolesApi api) : IQueryHandler<RolesQuery, RolesOverview>
{
    public async ValueTask<RolesOverview> Handle(RolesQuery query, CancellationToken cancellationToken)
    {
        var roles = await api.ListRolesAsync(cancellationToken);
        var permissions = await api.ListPermissionsAsync(cancellationToken);
        return new RolesOverview(roles.All, permissions.All);
    }
}

/// <summary>
/// The roles to offer as checkboxes (member roles, invitations). Reading them needs roles:read; without it the
/// built-in roles the contract names are offered instead, so a form never lacks choices.
/// </summary>
[SliceService(ServiceLifetime.Scoped)]
public sealed class RoleCatalogue(IRolesApi api, CurrentPermissions permissions)
{
    public static readonly IReadOnlyList<Role> BuiltIn =
    [
        new("owner", "Owner", null, null, true),
        new("admin", "Admin", null, null, true),
        new("support", "Support", null, null, true),
        new("viewer", "Viewer", null, null, true),
    ];

    /// <summary>The catalogue with what the signed-in member may grant or take away in it (see <see cref="RoleGrants"/>).</summary>
    public async Task<RoleChoices> ChoicesAsync(CancellationToken cancellationToken) =>
        new(await TryListAsync(cancellationToken), await permissions.LoadAsync(cancellationToken));

    public async Task<IReadOnlyList<Role>> TryListAsync(CancellationToken cancellationToken)
    {
        var authorization = await permissions.LoadAsync(cancellationToken);
        if (!authorization.Has(Permissions.RolesRead))
        {
            return BuiltIn;
        }

        try
        {
            var roles = (await api.ListRolesAsync(cancellationToken)).All;
            return roles.Count == 0 ? BuiltIn : roles;
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            return BuiltIn;
        }
    }
}

/// <summary>A role catalogue seen by one member: every role, and which of them they may grant or take away.</summary>
public sealed record RoleChoices(IReadOnlyList<Role> Catalogue, SessionAuthorization Me)
{
    public IReadOnlyList<Role> Grantable => Catalogue.Where(CanGrant).ToList();

    public bool CanGrant(Role role) => RoleGrants.CanGrant(Me, role);

    /// <summary>The roles among <paramref name="roleKeys"/> this member may not grant or take away.</summary>
    public IReadOnlyList<string> Refused(IEnumerable<string> roleKeys) => RoleGrants.Refused(Me, Catalogue, roleKeys);
}
