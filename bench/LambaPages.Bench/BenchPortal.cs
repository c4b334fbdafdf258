using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambaPages.Bench;

/// <summary>
/// The real portal (its own Program) on Kestrel at http://127.0.0.1:&lt;free port&gt;, configured only through its root
/// settings, as e2e/LambaPages.E2E hosts it: both sides of the latency comparison then cross a real loopback socket.
/// </summary>
internal sealed class BenchPortal : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    public BenchPortal(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The bound address (port 0 resolved), with a trailing slash. Valid after StartServer.</summary>
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
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Request logging would be measured along with the portal and would bury the table.
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
