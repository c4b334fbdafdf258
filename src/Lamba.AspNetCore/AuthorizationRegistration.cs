using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lamba.AspNetCore;

public static class AuthorizationRegistration
{
    /// <summary>
    /// One policy per permission (named after it) plus the /Admin folder policy, the handler that answers them from
    /// /v1/me/authorization, the per-session cache, the handlers' <see cref="RequiresPermissionAttribute"/>, and the
    /// in-place 403 for refused admin requests.
    /// </summary>
    public static IServiceCollection AddLambaPermissions(this IServiceCollection services, IConfiguration configuration)
    {
        // HybridCache: memory on one instance, the registered IDistributedCache (Redis) on several.
        services.AddHybridCache();
        services.AddDistributedMemoryCache();
        services.AddOptions<PermissionCacheOptions>().Bind(configuration.GetSection("PermissionCache"));
        services.AddSingleton<PermissionCache>();
        services.AddSingleton<IPermissionCache>(provider => provider.GetRequiredService<PermissionCache>());
        services.AddSingleton<IPermissionInvalidation>(provider => provider.GetRequiredService<PermissionCache>());
        services.AddSingleton<ISessionTokensObserver, ForgetPermissionsWhenTokensChange>();
        services.AddScoped<CurrentPermissions>();
        services.AddScoped<IAuthorizationHandler, PermissionAuthorizationHandler>();
        // Handlers' [RequiresPermission], and Lamba's 403 believed at once (the cached permissions dropped).
        // One instance for the app (the authorization service is resolved per request, when a handler needs it).
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new RequiresPermissionFilter()));
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
}
