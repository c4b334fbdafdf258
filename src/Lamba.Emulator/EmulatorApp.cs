using Microsoft.AspNetCore.HttpOverrides;
using System.Net;
using Lamba.Emulator.Admin;
using Lamba.Emulator.Auth;
using Lamba.Emulator.Control;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Oidc;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Lamba.Emulator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Lamba.Emulator;

/// <summary>Builds the emulator's WebApplication; used by Program, by LambaPages (embedded) and by tests.</summary>
public static class EmulatorApp
{
    /// <summary>Standalone: options from configuration (section "Emulator", env vars, command line).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions();
        // Named as in Lamba's docs, so a receiver's own settings also configure the emulator that feeds it.
        options.WebhookEndpointUrl ??= builder.Configuration["LAMBA_WEBHOOK_ENDPOINT_URL"];
        options.WebhookSecret ??= builder.Configuration["LAMBA_WEBHOOK_SECRET"];
        return Build(builder, options);
    }

    /// <summary>Embedded and tests: explicit options, no ambient configuration files.</summary>
    public static WebApplication Build(EmulatorOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.DevelopmentMode ? "Development" : "Production",
            // Not the host app's name: its static web assets and user secrets are not ours either.
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
        });
        // Embedded in another app, the content root holds that app's appsettings files and user secrets: none of them are ours.
        foreach (var file in builder.Configuration.Sources.OfType<FileConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(file);
        }

        return Build(builder, options);
    }

    /// <summary>Builds and starts; the returned handle knows the bound address (port 0 resolved).</summary>
    public static async Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var app = Build(options);
        await app.StartAsync(cancellationToken);
        return new RunningEmulator(app);
    }

    private static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options)
    {
        options.Validate();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // One line per webhook attempt is the sender's own; the HTTP client's request lines are noise.
        builder.Logging.AddFilter("System.Net.Http.HttpClient." + WebhookSender.HttpClientName, LogLevel.Warning);
        AddServices(builder.Services, options);

        var app = builder.Build();
        // A backend-for-frontend on loopback (the portal) forwards its visitor's address; trust it from loopback only
        // (the default known proxies), so sessions and rate limits see the real client.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.UseMiddleware<RequestEnvelope>();
        app.UseMiddleware<ConsoleHeaderGuard>();
        app.UseRouting();
        app.UseMiddleware<StatsCounter>();
        app.UseMiddleware<FaultInjector>();
        app.UseMiddleware<AccessMiddleware>();

        app.MapGet("/", () => Results.Ok(new { name = "Lamba.Emulator", notice = NotLamba }));
        app.MapJwks();
        app.MapAuth();
        app.MapMe();
        app.MapSelfService();
        app.MapAdmin();
        app.MapOidc();
        if (options.DevelopmentMode)
        {
            app.MapControl();
            app.MapAppClientControl();
            app.MapWebhookControl();
        }

        app.Lifetime.ApplicationStarted.Register(() => AnnounceLoudly(app));
        return app;
    }

    private const string NotLamba = "A local stand-in for development and tests. This is NOT Lamba: no real identities, no real security.";

    private static void AddServices(IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter()));
        services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter()));
        // Malformed bodies throw, so RequestEnvelope reports them as problem details in every environment.
        services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);

        services.AddSingleton<EmulatorClock>();
        services.AddSingleton<EmulatorStats>();
        services.AddSingleton<FaultRegistry>();
        services.AddSingleton<AttemptLimiter>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton(_ => new StoreLocation(options));
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<RefreshGrace>();

        services.AddDbContext<LambaDb>((provider, db) =>
        {
            var location = provider.GetRequiredService<StoreLocation>();
            db.UseSqlite(location.ConnectionString).AddInterceptors(SqliteTuning.For(location));
        });
        services.AddHostedService<StoreInitializer>();

        services.AddScoped<AuditWriter>();
        services.AddScoped<ContextAccess>();
        services.AddScoped<SessionService>();
        services.AddScoped<SessionAuthenticator>();
        services.AddScoped<SignInService>();
        services.AddScoped<LoginLockout>();
        services.AddScoped<MfaVerifier>();
        services.AddOidcProvider();
        services.AddWebhookSender();
    }

    private static void AnnounceLoudly(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lamba.Emulator");
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        logger.LogWarning(
            "\n************************************************************\n Lamba.Emulator listening on {Addresses}\n {Notice}\n************************************************************",
            string.Join(", ", addresses),
            NotLamba);
        foreach (var address in addresses.Where(a => !IsLoopback(a)))
        {
            logger.LogWarning("Lamba.Emulator is reachable beyond this machine at {Address}. Bind it to 127.0.0.1 unless you really mean it.", address);
        }
    }

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
