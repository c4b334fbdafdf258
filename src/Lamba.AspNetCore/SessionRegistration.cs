using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Lamba.AspNetCore.SharedState;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lamba.AspNetCore;

public static class SessionRegistration
{
    /// <summary>The cookie session: Data Protection key ring, cookies, refresh single flight, authentication, deny-by-default.</summary>
    public static IServiceCollection AddLambaSession(this IServiceCollection services, LambaHostingOptions hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        var dataProtection = services.AddDataProtection();
        if (hosting.ApplicationName is { } applicationName)
        {
            dataProtection.SetApplicationName(applicationName);
        }

        if (hosting.KeysDirectory is { } keysDirectory)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }

        AntiforgeryTokenDecryptions.Register(services);

        services.AddHttpContextAccessor();
        services.AddSingleton<SessionCookies>();
        services.AddMetrics();
        services.TryAddSingleton<LambaMetrics>();
        services.AddSingleton<RefreshSingleFlight>();
        // One instance needs nothing shared; an app with several replaces this with a Redis flight (LambaPages: Hosting/SharedState.cs).
        services.TryAddSingleton<ISharedSingleFlight, InProcessSingleFlight>();
        services.AddSingleton<SharedRefresh>();
        services.AddScoped<LambaSession>();
        services.AddScoped<SessionEstablisher>();
        services.AddLambaApi<ISessionApi>(LambaHost.Id, LambaAuth.None);

        services.AddAuthentication(LambaSessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, LambaSessionAuthenticationHandler>(
                LambaSessionAuthenticationHandler.SchemeName, configureOptions: null);

        if (hosting.RequireSignedInByDefault)
        {
            // Deny by default: a page is for signed-in users unless it says [AllowAnonymous]. The user is the one
            // UseAuthentication found with the default scheme, the session's (AddAuthentication above): naming the scheme
            // here too made the authorization middleware authenticate every request a second time and copy its principal.
            services.AddAuthorizationBuilder()
                .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        }

        return services;
    }
}
