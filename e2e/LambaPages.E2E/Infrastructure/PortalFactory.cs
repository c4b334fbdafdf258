using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// The real portal (its own Program) on real Kestrel at http://127.0.0.1:&lt;free port&gt;, in-process so the
/// fixture starts in well under a second and the test can reach its services when it must.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly CapturedLogs logs;

    public PortalFactory(IReadOnlyDictionary<string, string?> settings, CapturedLogs logs)
    {
        this.settings = settings;
        this.logs = logs;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The bound address (port 0 resolved), with a trailing slash. Valid after <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/>.</summary>
    public Uri BaseAddress
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The portal is not listening on any address.");
            return new Uri(first.TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Host settings reach the app's configuration before Program reads it (they are passed on as arguments).
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });
    }
}
