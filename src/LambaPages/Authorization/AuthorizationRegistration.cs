using LambaPages.Lamba;
using LambaPages.Session;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace LambaPages.Authorization;

public static class AuthorizationRegistration
{
    public const string AdminFolder = "/Admin";

    /// <summary>
    /// One policy per permission (named after it) plus the /Admin folder policy, the handler that answers them from
    /// /v1/me/authorization, the per-session cache, and the in-place 403 for refused admin requests.
    /// </summary>
    public static IServiceCollection AddLambaPermissions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddOptions<PermissionCacheOptions>().Bind(configuration.GetSection("PermissionCache"));
        services.AddSingleton<IPermissionCache, PermissionCache>();
        services.AddScoped<CurrentPermissions>();
        services.AddScoped<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddScoped<AdminNavigation>();
        services.AddScoped<PermissionGuard>();
        services.AddSingleton<DeniedPage>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PermissionDeniedResultHandler>();
        services.AddLambaApi<IAuthorizationApi>(LambaHost.Api);

        var policies = services.AddAuthorizationBuilder();
        foreach (var permission in Permissions.All)
        {
            policies.AddPolicy(permission, policy => policy
                .AddAuthenticationSchemes(LambaSessionAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }

        policies.AddPolicy(Permissions.AdminArea, policy => policy
            .AddAuthenticationSchemes(LambaSessionAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new AnyAdminPermissionRequirement()));
        return services;
    }

    /// <summary>The folder lock: every page under /Admin needs a signed-in user with some admin permission, on top of its own policy.</summary>
    public static PageConventionCollection AddAdminAreaLock(this PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        conventions.AuthorizeFolder(AdminFolder, Permissions.AdminArea);
        return conventions;
    }
}
