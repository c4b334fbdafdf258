using Lamba.AspNetCore.Client;
using LambaPages.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Webhooks;

/// <summary>
/// With the embedded emulator, once the portal listens, its own receiver becomes the emulator's webhook endpoint,
/// signed with the secret the portal verifies: webhooks work with no setup. Does nothing against a real Lamba.
/// </summary>
public sealed class EmbeddedWebhookWiring(IServiceProvider services, IHostApplicationLifetime lifetime, IServer server, IOptions<LambaOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<EmbeddedEmulator>() is not { } emulator)
        {
            return Task.CompletedTask;
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null && options.Value.WebhookSecret is { Length: > 0 } secret)
            {
                // A wildcard binding is reached on loopback, where the emulator runs.
                var origin = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                    .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
                emulator.DeliverWebhooksTo(new Uri(origin + LambaWebhookReceiver.Path), secret);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
