using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore;

/// <summary>The one entry point: <see cref="AddLamba"/> for services, <see cref="UseLamba"/> for the request pipeline.</summary>
public static class LambaApplicationExtensions
{
    /// <summary>
    /// Lamba settings (bound from the contract's environment-variable names and validated at startup), the encrypted
    /// two-cookie session with its authentication scheme and single-flight refresh, and one authorization policy per
    /// Lamba permission answered from /v1/me/authorization. Register the app's own Refit clients with
    /// <see cref="LambaApiRegistration.AddLambaApi{TApi}"/>.
    /// </summary>
    public static WebApplicationBuilder AddLamba(this WebApplicationBuilder builder, Action<LambaHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var hosting = new LambaHostingOptions();
        configure?.Invoke(hosting);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(hosting));
        services.AddOptions<LambaOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LambaOptions>, LambaOptionsValidator>();

        // The session rides on cookies, so every form POST needs an antiforgery token (Razor Pages checks it itself;
        // a minimal API adds app.UseAntiforgery()).
        services.AddAntiforgery();
        services.AddLambaSession(hosting);
        services.AddLambaPermissions(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["LAMBA_CLIENT_ID"]))
        {
            services.AddLambaHostedSignIn(hosting);
        }

        return builder;
    }

    /// <summary>
    /// Authentication, the session-ended handling (Lamba refused the session: sign out locally, back to the login page)
    /// and authorization, in that order. Call it after UseRouting and before mapping endpoints.
    /// <paramref name="afterAuthentication"/> adds middleware that needs the signed-in user and must run before
    /// authorization answers (request localization, so that a 403 page is in the user's language): it reads
    /// <c>HttpContext.User</c> instead of authenticating the request a second time.
    /// </summary>
    public static IApplicationBuilder UseLamba(this IApplicationBuilder app, Action<IApplicationBuilder>? afterAuthentication = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        afterAuthentication?.Invoke(app);
        app.UseMiddleware<SessionEndedMiddleware>();
        app.UseAuthorization();
        return app;
    }
}
