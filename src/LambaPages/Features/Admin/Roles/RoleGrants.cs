using Lamba.AspNetCore.Authorization;

namespace LambaPages.Features.Admin.Roles;

/// <summary>
/// Which roles the signed-in member may grant or take away, by Lamba's rule (docs/contract-decisions.md, role grants):
/// <c>owner</c> only an owner; any other role only someone who holds every permission of it. The portal offers only
/// these and checks them again before calling Lamba; Lamba checks them a third time (403 ROLE_NOT_GRANTABLE).
/// </summary>
public static class RoleGrants
{
    public const string Owner = "owner";

    /// <summary>Built-in roles from most to least powerful, for the fallback catalogue whose permissions are unknown.</summary>
    private static readonly string[] BuiltInRank = ["owner", "admin", "support", "viewer"];

    public static bool CanGrant(SessionAuthorization me, Role role)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(role);
        var mine = me.RoleKeys ?? [];
        if (mine.Contains(Owner, StringComparer.Ordinal))
        {
            return true;
        }

        if (role.Key == Owner)
        {
            return false;
        }

        if (role.Permissions is { } needed)
        {
            return needed.All(me.Has);
        }

        // Without roles:read the permissions are unknown: judge the built-in roles by rank, and refuse anything else.
        var rank = Array.IndexOf(BuiltInRank, role.Key);
        var myBest = mine.Select(k => Array.IndexOf(BuiltInRank, k)).Where(r => r >= 0).DefaultIfEmpty(int.MaxValue).Min();
        return rank >= 0 && rank >= myBest;
    }

    /// <summary>The roles among <paramref name="roleKeys"/> that the member may not grant or take away (unknown keys are left to Lamba).</summary>
    public static IReadOnlyList<string> Refused(SessionAuthorization me, IReadOnlyList<Role> catalogue, IEnumerable<string> roleKeys) =>
        roleKeys
            .Distinct(StringComparer.Ordinal)
            .Where(key => catalogue.FirstOrDefault(r => r.Key == key) is { } role && !CanGrant(me, role))
            .ToList();
}
