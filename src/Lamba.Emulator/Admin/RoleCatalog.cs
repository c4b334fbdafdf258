using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Admin;

public sealed record RoleItem(string Key, string Name, string Description, IReadOnlyList<string> Permissions, bool BuiltIn);

public sealed record PermissionItem(string Key, string Description);

/// <summary><c>GET /v1/admin/roles</c> and <c>/permissions</c>, and the role checks members and invitations share.</summary>
public static class RoleCatalog
{
    /// <summary>Built-in roles from most to least powerful; custom roles follow by key.</summary>
    private static readonly string[] BuiltInOrder = ["owner", "admin", "support", "viewer"];

    /// <summary>The roles usable in a Project: the built-in ones and the Project's own.</summary>
    public static async Task<List<Role>> RolesOfAsync(LambaDb db, string projectId, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().Where(r => r.ProjectId == null || r.ProjectId == projectId).ToListAsync(cancellationToken);
        return roles
            .OrderBy(r => r.BuiltIn ? 0 : 1)
            .ThenBy(r => Array.IndexOf(BuiltInOrder, r.Key) is var rank and >= 0 ? rank : int.MaxValue)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Validates a <c>roleKeys</c> body member: at least one role, each known in this Project. Gives the keys
    /// de-duplicated, in the order they were sent.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReadRoleKeysAsync(
        LambaDb db, string projectId, IReadOnlyList<string?>? roleKeys, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (roleKeys is null || roleKeys.Count == 0)
        {
            errors.Add("roleKeys", "Give at least one role.");
            return [];
        }

        var keys = roleKeys.Select(k => k?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var known = (await RolesOfAsync(db, projectId, cancellationToken)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in keys.Where(k => !known.Contains(k)))
        {
            errors.Add("roleKeys", unknown.Length == 0 ? "Role keys cannot be empty." : $"There is no role '{unknown}' in this Project.");
        }

        return keys;
    }

    public static async Task<IResult> ListRolesAsync(AdminScope scope, int? limit, string? cursor, LambaDb db, CancellationToken cancellationToken)
    {
        var roles = await RolesOfAsync(db, scope.ProjectId, cancellationToken);
        var items = roles.Select(r => new RoleItem(r.Key, r.Name, r.Description, r.Permissions, r.BuiltIn)).ToList();
        var (page, problem) = KeysetPaging.PageOf(items, limit, cursor, role => role.Key);
        return page is null ? problem! : Results.Ok(page);
    }

    public static async Task<IResult> ListPermissionsAsync(int? limit, string? cursor, LambaDb db, CancellationToken cancellationToken)
    {
        var items = await db.Permissions.AsNoTracking()
            .OrderBy(p => p.Position)
            .Select(p => new PermissionItem(p.Key, p.Description))
            .ToListAsync(cancellationToken);
        var (page, problem) = KeysetPaging.PageOf(items, limit, cursor, permission => permission.Key);
        return page is null ? problem! : Results.Ok(page);
    }
}
