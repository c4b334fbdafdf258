using Microsoft.AspNetCore.HttpOverrides;
using Lamba.Emulator.Admin;
using Lamba.Emulator.Auth;
using Lamba.Emulator.Control;
using Lamba.Emulator.Hosting;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Me;
using Lamba.Emulator.Oidc;
using Lamba.Emulator.Store;
using Lamba.Emulator.Store.Seeding;
using Lamba.Emulator.Tokens;
using Lamba.Emulator.Webhooks;
using Lamba.Emulator.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Lamba.Emulator;

/// <summary>Builds the emulator's WebApplication; used by Program, by LambaPages (embedded) and by tests.</summary>
public static class EmulatorApp
{
    /// <summary>
    /// Standalone: options from configuration (section "Emulator", env vars, command line). Listens where
    /// <c>--urls</c> / <c>ASPNETCORE_URLS</c> say, like any ASP.NET Core app; <c>--Emulator:Urls</c> is an alias.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(EmulatorCommandLine.Translate(args));
        var options = builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions();
        // Named as in Lamba's docs, so a receiver's own settings also configure the emulator that feeds it.
        options.WebhookEndpointUrl ??= builder.Configuration["LAMBA_WEBHOOK_ENDPOINT_URL"];
        options.WebhookSecret ??= builder.Configuration["LAMBA_WEBHOOK_SECRET"];
        if (builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            options.Urls = urls;
        }

        // Safe by default: the control routes and the UI exist in Development only, unless --dev says otherwise.
        if (builder.Configuration["Emulator:DevelopmentMode"] is null)
        {
            options.DevelopmentMode = builder.Environment.IsDevelopment();
        }

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
        // Load (or create and keep) the signing keys now: an unreadable key file stops the start, not a sign-in.
        app.Services.GetRequiredService<SigningKeys>();
        // A backend-for-frontend on loopback (the portal) forwards its visitor's address; trust it from loopback only
        // (the default known proxies), so sessions and rate limits see the real client.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.UseMiddleware<RequestEnvelope>();
        app.UseMiddleware<HostGuard>();
        if (options.DevelopmentMode)
        {
            app.UseMiddleware<ControlGuard>();
        }

        app.UseMiddleware<ConsoleHeaderGuard>();
        app.UseRouting();
        if (options.DevelopmentMode)
        {
            // The UI's form POSTs (the only form endpoints) are checked here.
            app.UseAntiforgery();
        }

        app.UseMiddleware<StatsCounter>();
        app.UseMiddleware<FaultInjector>();
        app.UseMiddleware<AccessMiddleware>();

        if (!options.DevelopmentMode)
        {
            app.MapGet("/", () => Results.Ok(RootNotice));
        }

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
            app.MapUi();
        }

        app.Lifetime.ApplicationStarted.Register(() => AnnounceLoudly(app));
        return app;
    }

    /// <summary>What <c>GET /</c> answers a client (the UI answers browsers in development mode).</summary>
    internal static object RootNotice => new { name = "Lamba.Emulator", notice = NotLamba };

    private const string NotLamba = "A local stand-in for development and tests. This is NOT Lamba: no real identities, no real security.";

    private static void AddServices(IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(options);
        // Read and checked before the host is built: a bad tenant file stops the start with its errors.
        services.AddSingleton(options.SeedFile is { Length: > 0 } seedFile ? TenantSeedReader.FromFile(seedFile) : TenantSeedReader.Demo());
        services.AddHttpContextAccessor();
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "lamba-emulator-antiforgery");
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

        if (options.UsesPostgres)
        {
            // One emulator shared by a team: the schema and data live in that database, the keys in --data.
            services.AddDbContext<PostgresLambaDb>(db => StoreMigrations.Configure(db.UseNpgsql(options.ConnectionString)));
            services.AddScoped<LambaDb>(provider => provider.GetRequiredService<PostgresLambaDb>());
        }
        else
        {
            services.AddDbContext<SqliteLambaDb>((provider, db) =>
            {
                var location = provider.GetRequiredService<StoreLocation>();
                StoreMigrations.Configure(db.UseSqlite(location.ConnectionString).AddInterceptors(SqliteTuning.For(location)));
            });
            services.AddScoped<LambaDb>(provider => provider.GetRequiredService<SqliteLambaDb>());
        }

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
        foreach (var address in addresses.Where(a => !Loopback.IsLoopbackUrl(a)))
        {
            logger.LogWarning("Lamba.Emulator is reachable beyond this machine at {Address}. Bind it to 127.0.0.1 unless you really mean it.", address);
        }
    }
}
