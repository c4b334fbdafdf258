using Lamba.Emulator.Oidc;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// The authenticated caller of a <see cref="AccessConventions.RequireSession{TBuilder}"/> route: the session's
/// user and its active context (null until switch-context). Bind it as a handler parameter.
/// </summary>
public sealed record Caller(string UserId, string SessionId, string? WorkspaceId, string? ProjectId, string? Environment)
{
    public bool HasContext => WorkspaceId is not null && ProjectId is not null && Environment is not null;

    public static ValueTask<Caller?> BindAsync(HttpContext httpContext) =>
        ValueTask.FromResult<Caller?>(httpContext.Items[typeof(Caller)] as Caller
            ?? throw new InvalidOperationException("This route binds Caller but lacks RequireSession()."));
}

/// <summary>The active context with the caller's role keys (empty unless the membership is active) and their permissions.</summary>
public sealed record ActiveContext(string WorkspaceId, string ProjectId, string Environment, IReadOnlyList<string> RoleKeys, IReadOnlyList<string> Permissions);

/// <summary>What a <see cref="AccessConventions.RequirePermission{TBuilder}"/> route acts on: the caller's active Project environment. Bind it as a handler parameter.</summary>
public sealed record AdminScope(Caller Caller, ActiveContext Context)
{
    public string ProjectId => Context.ProjectId;

    public string Environment => Context.Environment;

    public string WorkspaceId => Context.WorkspaceId;

    public bool Has(string permission) => Context.Permissions.Contains(permission);

    public static ValueTask<AdminScope?> BindAsync(HttpContext httpContext) =>
        ValueTask.FromResult<AdminScope?>(httpContext.Items[typeof(AdminScope)] as AdminScope
            ?? throw new InvalidOperationException("This route binds AdminScope but lacks RequirePermission(...)."));
}

/// <summary>Resolves roles and permissions of a caller's active context; the one place that decides admin access.</summary>
public sealed class ContextAccess(LambaDb db)
{
    public async Task<ActiveContext?> ResolveAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.HasContext)
        {
            return null;
        }

        var membership = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(
            m => m.UserId == caller.UserId && m.ProjectId == caller.ProjectId && m.Environment == caller.Environment,
            cancellationToken);
        IReadOnlyList<string> roleKeys = membership?.Status == MembershipStatus.Active ? membership.RoleKeys : [];
        var permissions = await PermissionsOfAsync(caller.ProjectId!, roleKeys, cancellationToken);
        return new ActiveContext(caller.WorkspaceId!, caller.ProjectId!, caller.Environment!, roleKeys, permissions);
    }

    /// <summary>The union of the roles' permissions, in catalogue order.</summary>
    public async Task<IReadOnlyList<string>> PermissionsOfAsync(string projectId, IReadOnlyCollection<string> roleKeys, CancellationToken cancellationToken)
    {
        if (roleKeys.Count == 0)
        {
            return [];
        }

        var keys = roleKeys.ToList();
        var granted = (await db.Roles.AsNoTracking()
                .Where(r => (r.ProjectId == null || r.ProjectId == projectId) && keys.Contains(r.Key))
                .Select(r => r.Permissions)
                .ToListAsync(cancellationToken))
            .SelectMany(p => p)
            .ToHashSet(StringComparer.Ordinal);
        var catalogue = await db.Permissions.AsNoTracking().OrderBy(p => p.Position).Select(p => p.Key).ToListAsync(cancellationToken);
        return catalogue.Where(granted.Contains).ToList();
    }

    /// <summary>403 CONTEXT_REQUIRED without an active context, 403 AUTHORIZATION_DENIED without the permission there.</summary>
    public async Task<(AdminScope? Scope, ProblemResult? Denied)> AuthorizeAsync(Caller caller, string permission, CancellationToken cancellationToken)
    {
        var context = await ResolveAsync(caller, cancellationToken);
        if (context is null)
        {
            return (null, Problems.Forbidden(ErrorCodes.ContextRequired, "Switch into a Project first (POST /v1/sessions/switch-context)."));
        }

        return Authorize(new AdminScope(caller, context), permission);
    }

    /// <summary>The scope when it holds the permission, else 403 AUTHORIZATION_DENIED.</summary>
    public static (AdminScope? Scope, ProblemResult? Denied) Authorize(AdminScope scope, string permission) =>
        scope.Has(permission)
            ? (scope, null)
            : (null, Problems.Forbidden(ErrorCodes.AuthorizationDenied, $"This needs the {permission} permission in the active Project."));
}

public sealed class SessionRequirement
{
    public static SessionRequirement Instance { get; } = new();
}

public sealed record PermissionRequirement(string Permission);

public static class AccessConventions
{
    /// <summary>Bearer access token with a live session; the handler may bind <see cref="Caller"/>.</summary>
    public static TBuilder RequireSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(SessionRequirement.Instance);

    /// <summary>A live session, an active context and this permission in it; the handler may bind <see cref="AdminScope"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(SessionRequirement.Instance, new PermissionRequirement(permission));
}

/// <summary>Runs after routing and before parameter binding, so handlers receive a ready <see cref="Caller"/> / <see cref="AdminScope"/>.</summary>
public sealed class AccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext httpContext, SessionAuthenticator authenticator, ContextAccess access)
    {
        var metadata = httpContext.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<SessionRequirement>() is null)
        {
            await next(httpContext);
            return;
        }

        var (caller, problem) = await authenticator.AuthenticateAsync(httpContext, httpContext.RequestAborted);
        // Admin routes also take a client_credentials management token, in the one context it names.
        var managed = caller is null && metadata.GetMetadata<PermissionRequirement>() is not null
            ? await httpContext.RequestServices.GetRequiredService<ManagementAccess>().ResolveAsync(httpContext, httpContext.RequestAborted)
            : null;
        caller ??= managed?.Caller;
        if (caller is null)
        {
            await problem!.ExecuteAsync(httpContext);
            return;
        }

        httpContext.Items[typeof(Caller)] = caller;
        foreach (var requirement in metadata.GetOrderedMetadata<PermissionRequirement>())
        {
            var (scope, denied) = managed is null
                ? await access.AuthorizeAsync(caller, requirement.Permission, httpContext.RequestAborted)
                : ContextAccess.Authorize(managed, requirement.Permission);
            if (scope is null)
            {
                await denied!.ExecuteAsync(httpContext);
                return;
            }

            httpContext.Items[typeof(AdminScope)] = scope;
        }

        await next(httpContext);
    }
}
