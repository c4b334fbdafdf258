using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

public sealed record NamedRef(string Id, string Name);

public sealed record ProjectRef(string Id, string Name, string Environment);

public sealed record MeUser(string Id, string? Email, string? Username, string? DisplayName);

public sealed record MeContext(MeUser User, NamedRef? ActiveWorkspace, ProjectRef? ActiveProject, IReadOnlyList<string> RoleKeys);

/// <summary><see cref="UserId"/> and <see cref="SessionId"/> [ours]: a client that caches this answer can drop it when a webhook names the user or the session.</summary>
public sealed record MeAuthorization(
    string? WorkspaceId, string? ProjectId, string? Environment, IReadOnlyList<string> RoleKeys, IReadOnlyList<string> Permissions, string UserId, string SessionId);

public sealed record MembershipItem(NamedRef Workspace, NamedRef Project, IReadOnlyList<string> Environments, IReadOnlyList<string> RoleKeys);

/// <summary>The api host's self-service reads about who the caller is and where they can go (contract section 4).</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/v1/me").RequireSession();
        me.MapGet("/context", GetContextAsync);
        me.MapGet("/authorization", GetAuthorizationAsync);
        me.MapGet("/memberships", GetMembershipsAsync);
        return me;
    }

    private static async Task<IResult> GetContextAsync(Caller caller, LambaDb db, ContextAccess access, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == caller.UserId)
            .Select(u => new MeUser(u.Id, u.Email, u.Username, u.DisplayName))
            .SingleAsync(cancellationToken);
        var context = await access.ResolveAsync(caller, cancellationToken);
        if (context is null)
        {
            return Results.Ok(new MeContext(user, null, null, []));
        }

        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == context.WorkspaceId).Select(w => new NamedRef(w.Id, w.Name)).SingleOrDefaultAsync(cancellationToken);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == context.ProjectId).Select(p => new ProjectRef(p.Id, p.Name, context.Environment)).SingleOrDefaultAsync(cancellationToken);
        return Results.Ok(new MeContext(user, workspace, project, context.RoleKeys));
    }

    private static async Task<IResult> GetAuthorizationAsync(Caller caller, ContextAccess access, CancellationToken cancellationToken)
    {
        var context = await access.ResolveAsync(caller, cancellationToken);
        return Results.Ok(context is null
            ? new MeAuthorization(null, null, null, [], [], caller.UserId, caller.SessionId)
            : new MeAuthorization(context.WorkspaceId, context.ProjectId, context.Environment, context.RoleKeys, context.Permissions, caller.UserId, caller.SessionId));
    }

    /// <summary>Active memberships, one item per Project and set of roles, listing the environments where they hold.</summary>
    private static async Task<IResult> GetMembershipsAsync(Caller caller, int? limit, string? cursor, LambaDb db, CancellationToken cancellationToken)
    {
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == caller.UserId && m.Status == MembershipStatus.Active)
            .ToListAsync(cancellationToken);
        var projectIds = memberships.Select(m => m.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var workspaceIds = projects.Values.Select(p => p.WorkspaceId).Distinct().ToList();
        var workspaces = await db.Workspaces.AsNoTracking().Where(w => workspaceIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);

        var items = memberships
            .Where(m => projects.ContainsKey(m.ProjectId))
            .GroupBy(m => (m.ProjectId, Roles: string.Join(' ', m.RoleKeys.Order(StringComparer.Ordinal))))
            .Select(group =>
            {
                var project = projects[group.Key.ProjectId];
                var workspace = workspaces[project.WorkspaceId];
                var environments = project.Environments.Where(e => group.Any(m => m.Environment == e)).ToList();
                return new MembershipItem(new NamedRef(workspace.Id, workspace.Name), new NamedRef(project.Id, project.Name), environments, group.First().RoleKeys);
            })
            .OrderBy(item => item.Workspace.Name, StringComparer.Ordinal)
            .ThenBy(item => item.Project.Name, StringComparer.Ordinal)
            .ToList();
        var (page, problem) = KeysetPaging.PageOf(items, limit, cursor, item => item.Project.Id + " " + string.Join(' ', item.RoleKeys));
        return page is null ? problem! : Results.Ok(page);
    }
}
