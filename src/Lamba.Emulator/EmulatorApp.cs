using Microsoft.AspNetCore.Builder;

namespace Lamba.Emulator;

/// <summary>Builds the emulator's WebApplication; used by Program, by LambaPages (embedded) and by tests.</summary>
public static class EmulatorApp
{
    /// <summary>Standalone: options from configuration (section "Emulator", env vars, command line).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions();
        return Build(builder, options);
    }

    /// <summary>Embedded and tests: explicit options, no ambient configuration files.</summary>
    public static WebApplication Build(EmulatorOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = options.DevelopmentMode ? "Development" : "Production" });
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
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton(options);
        var app = builder.Build();
        app.MapGet("/", () => "Lamba.Emulator: a local stand-in, not Lamba.");
        return app;
    }
}
