using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Admin;

/// <summary>
/// Who may hand out which role [ours, see docs/contract-decisions.md]: a member grants or takes away only roles at or
/// below their own, meaning roles whose permissions they hold themselves; <c>owner</c> only an owner grants or takes
/// away. Without this, anyone with <c>members:write</c> could make themselves owner and then remove the owner.
/// </summary>
public static class RoleGrants
{
    public const string Owner = "owner";

    /// <summary>True when a caller with <paramref name="callerRoleKeys"/> (and their permissions) may grant or remove <paramref name="role"/>.</summary>
    public static bool CanGrant(IReadOnlyCollection<string> callerRoleKeys, IReadOnlyCollection<string> callerPermissions, Role role) =>
        role.Key == Owner
            ? callerRoleKeys.Contains(Owner)
            : callerRoleKeys.Contains(Owner) || role.Permissions.All(callerPermissions.Contains);

    /// <summary>403 <c>ROLE_NOT_GRANTABLE</c> naming the roles of <paramref name="roleKeys"/> the caller may not grant or remove, or null.</summary>
    public static async Task<ProblemResult?> CheckAsync(LambaDb db, AdminScope scope, IEnumerable<string> roleKeys, CancellationToken cancellationToken)
    {
        var roles = (await RoleCatalog.RolesOfAsync(db, scope.ProjectId, cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var refused = roleKeys
            .Distinct(StringComparer.Ordinal)
            .Where(key => roles.TryGetValue(key, out var role) && !CanGrant(scope.Context.RoleKeys, scope.Context.Permissions, role))
            .ToList();
        return refused.Count == 0
            ? null
            : Problems.Forbidden(ErrorCodes.RoleNotGrantable, $"You can grant or remove only roles at or below your own; not {string.Join(", ", refused)}.")
                .With("roleKeys", refused);
    }
}
