using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambaPages.Tests.Infrastructure;

/// <summary>The real portal on TestServer, configured only through its root settings (as in production).</summary>
public sealed class PortalFactory(IReadOnlyDictionary<string, string?> settings, CapturedLogs logs, string environment = "Testing", TimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(logs);
        });

        if (clock is not null)
        {
            // The portal's own clock (cool-downs, session times), so a test moves time instead of sleeping.
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
