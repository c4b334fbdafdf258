using LambaPages.Lamba;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Session;

public static class SessionServiceCollectionExtensions
{
    /// <summary>The cookie session: Data Protection key ring, cookies, refresh single flight, authentication, deny-by-default.</summary>
    public static IServiceCollection AddLambaSession(this IServiceCollection services, string dataDirectory)
    {
        services.AddDataProtection()
            .SetApplicationName("LambaPages")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        services.AddHttpContextAccessor();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton<RefreshSingleFlight>();
        services.AddScoped<LambaSession>();
        services.AddScoped<SessionEstablisher>();
        services.AddLambaApi<ISessionApi>(LambaHost.Id, LambaAuth.None);

        services.AddAuthentication(LambaSessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, LambaSessionAuthenticationHandler>(
                LambaSessionAuthenticationHandler.SchemeName, configureOptions: null);

        // Deny by default: a page is for signed-in users unless it says [AllowAnonymous].
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(LambaSessionAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
