using FluentValidation;
using FluentValidation.AspNetCore;
using Lamba.AspNetCore;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using LambaPages.Features;
using LambaPages.Features.Admin;
using LambaPages.Features.Login;
using LambaPages.Features.MagicLink;
using LambaPages.Features.Me;
using LambaPages.Features.Me.Profile;
using LambaPages.Features.Shared;
using LambaPages.Features.Webhooks;
using LambaPages.Localization;
using LambaPages.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;

namespace LambaPages.Hosting;

/// <summary>Everything Program.cs lists: services in <see cref="AddLambaPages"/>, the request pipeline in <see cref="UseLambaPages"/>.</summary>
public static class LambaPagesApplication
{
    public static WebApplicationBuilder AddLambaPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dataDirectory = DataDirectory(builder);

        // No Lamba URL in Development: the local emulator fills in both hosts (Hosting/EmbeddedEmulator.cs).
        EmbeddedEmulator.AddIfUnconfigured(builder, dataDirectory);

        // Request start/finish lines carry the query string, and sign-in links carry secrets there
        // (magic-link and invitation tokens): those lines stay out of the logs even when a config turns logging up.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        // The session, refresh and permissions come from the library (src/Lamba.AspNetCore); the portal names its pages.
        builder.AddLamba(lamba =>
        {
            lamba.LoginPath = "/Login";
            lamba.DeniedPath = "/Denied";
            lamba.DeniedPage = "/Denied/Index";
            lamba.StatusMessageKey = StatusMessage.Key;
            lamba.ApplicationName = "LambaPages";
            // One instance keeps the key ring in LAMBA_DATA_DIR; several share it in Redis (Hosting/SharedState.cs).
            lamba.KeysDirectory = SharedState.RedisConnectionString(builder.Configuration) is null ? Path.Combine(dataDirectory, "keys") : null;
        });

        var services = builder.Services;
        // No "Server: Kestrel" on any response.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        AddCookieHardening(builder);
        services.AddSingleton<PublicOrigin>();

        services.AddSingleton<IValidateOptions<LambaOptions>, MagicLinkOriginValidator>();
        services.AddScoped<IFeatureSwitch, GatedFolderSwitch>();
        services.AddScoped<AdminNavigation>();
        services.AddSingleton<LoadPermissionsFilter>();

        // One instance or N: ConnectionStrings:Redis moves the key ring, caches, single flights and rate limits there.
        builder.AddSharedState();
        services.AddTrustedProxies(builder.Configuration);
        services.AddHealth(builder.Configuration);
        services.AddTelemetry(builder.Configuration);

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<LoginCommandValidator>();
        services.AddFluentValidationAutoValidation();
        services.AddFluentValidationClientsideAdapters();

        services.AddFeatureManagement();
        AddLocalization(services);
        services.AddSignInRateLimits(builder.Configuration);

        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Features";
                options.Conventions.AddFeatureGates();
                options.Conventions.AddAdminAreaLock();
            })
            .AddMvcOptions(options =>
            {
                // One voice for validation: FluentValidation, not implicit [Required] from nullability.
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                // One instance each for the whole app (none holds request state): MVC then keeps every page's filter
                // list instead of activating these filters and copying the list on every request.
                options.Filters.Add(new LoadCurrentContextFilter());
                options.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(LoadPermissionsFilter)) { IsReusable = true });
                options.Filters.Add(new TranslateModelStateFilter());
            })
            .AddViewLocalization();

        AddSlices(services);
        return builder;
    }

    public static WebApplication UseLambaPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First of all: the client's address and scheme, from trusted proxies only (LAMBA_TRUSTED_PROXIES).
        app.UseForwardedHeaders();
        app.UseHealth();

        // Outermost, so that error pages carry the correlation scope and the security headers too.
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            // Lamba or Redis away is answered and logged in one line by the error page, not with a stack trace per view.
            SuppressDiagnosticsCallback = context => ExpectedFailures.StatusFor(context.Exception) is not null,
        });
        app.UseStatusCodePagesWithReExecute("/Error", "?statusCode={0}");
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS requests only: behind a TLS-terminating proxy, that is X-Forwarded-Proto from a trusted one.
            app.UseHsts();
        }

        // Before routing: a cross-site POST never reaches a handler, antiforgery token or not.
        app.UseMiddleware<CrossSiteRequestGuard>();

        app.UseStaticFiles();
        app.UseRouting();
        // Between authentication (the preferences cookie counts only for the session it was stamped with) and
        // authorization, so that the 403 page it renders in place is localized too; the profile's language is read
        // later, for a signed-in request that has no preferences cookie yet.
        app.UseLamba(afterAuthentication: signedIn => signedIn.UseRequestLocalization());
        // After authentication: a step-up budget is the signed-in session's.
        app.UseSignInRateLimits();
        app.UseMiddleware<ProfilePreferencesMiddleware>();
        app.MapRazorPages();
        app.MapLambaWebhooks();
        return app;
    }

    /// <summary>English, German and Arabic: the preferences cookie (the profile's language), then Accept-Language, then English.</summary>
    private static void AddLocalization(IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachingStringLocalizerFactory>());
        // German and Arabic text as characters, not &#x...; entities (still HTML-encoded where it must be).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(Cultures.Default);
            options.SupportedCultures = [.. Cultures.Supported];
            options.SupportedUICultures = [.. Cultures.Supported];
            // "de-AT" in Accept-Language picks "de".
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new PreferencesCookieCultureProvider(),
                new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider { Options = options },
            ];
        });
    }

    /// <summary>HSTS for a year (Security:HstsMaxAgeDays), and __Host- names for the framework's own cookies.</summary>
    private static void AddCookieHardening(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var hstsDays = builder.Configuration.GetValue("Security:HstsMaxAgeDays", CookieNames.DefaultHstsDays);
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(hstsDays));
        services.AddAntiforgery(antiforgery => antiforgery.Cookie = new AlwaysSecureCookieBuilder
        {
            Name = CookieNames.Antiforgery,
            Path = "/",
            SameSite = SameSiteMode.Strict,
            HttpOnly = true,
            IsEssential = true,
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(tempData =>
        {
            tempData.Cookie.Name = CookieNames.TempData;
            tempData.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            tempData.Cookie.Path = "/";
        });
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietCookieTempDataProvider>());
    }

    /// <summary>
    /// Each slice's Refit client ([LambaApi]) and services ([SliceService]), declared in the slice's own folder and
    /// found by one scan: a new slice adds no line here.
    /// </summary>
    private static void AddSlices(IServiceCollection services)
    {
        services.AddLambaApis(typeof(LambaPagesApplication).Assembly);
        services.AddSliceServices(typeof(LambaPagesApplication).Assembly);
        services.AddLambaApi<IMembershipsApi>(LambaHost.Api);
        services.AddHostedService<EmbeddedWebhookWiring>();
    }

    /// <summary>LAMBA_DATA_DIR, default {ContentRoot}/App_Data: the Data Protection key ring and the embedded emulator's database.</summary>
    private static string DataDirectory(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[SharedState.DataDirectoryKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured, builder.Environment.ContentRootPath);
            Directory.CreateDirectory(path);
            return path;
        }

        try
        {
            return Directory.CreateDirectory(Path.Combine(builder.Environment.ContentRootPath, "App_Data")).FullName;
        }
        catch (UnauthorizedAccessException)
        {
            // A container runs as a non-root user that may not write next to the app: a temporary folder will do,
            // and KeyRingPlacementWarning says loudly that it is not persistent.
            return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lambapages")).FullName;
        }
    }
}

/// <summary>
/// Marks a cookie Secure on every response, as a <c>__Host-</c> name requires, while its policy stays SameAsRequest:
/// under <see cref="CookieSecurePolicy.Always"/> antiforgery refuses every plain-http request outright (a 500), yet
/// browsers accept Secure cookies from http://127.0.0.1 and localhost, where the app and its tests run without TLS.
/// </summary>
internal sealed class AlwaysSecureCookieBuilder : CookieBuilder
{
    public AlwaysSecureCookieBuilder() => SecurePolicy = CookieSecurePolicy.SameAsRequest;

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = true;
        return options;
    }
}
