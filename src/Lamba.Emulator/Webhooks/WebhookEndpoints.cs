using System.Collections.Concurrent;
using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Webhooks;

/// <summary>A receiver of webhooks: its URL, the shared secret, and the event types it wants (empty: all).</summary>
public sealed record WebhookEndpoint(string Id, string Url, string Secret, IReadOnlyList<string> Events, DateTimeOffset CreatedAt)
{
    public bool Wants(string type) => Events.Count == 0 || Events.Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// The registered endpoints, in memory: configuration, not data, so reset keeps them. One may come from
/// <c>LAMBA_WEBHOOK_ENDPOINT_URL</c> + <c>LAMBA_WEBHOOK_SECRET</c> (<see cref="EmulatorOptions"/>), one from the
/// host that embeds the emulator, others from <c>POST /_emulator/webhooks</c>.
/// </summary>
public sealed class WebhookEndpoints
{
    public const string ConfiguredId = "whk_configured";

    private readonly ConcurrentDictionary<string, WebhookEndpoint> endpoints = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public WebhookEndpoints(EmulatorOptions options, EmulatorClock clock)
    {
        time = clock;
        if (!string.IsNullOrWhiteSpace(options.WebhookEndpointUrl) && !string.IsNullOrEmpty(options.WebhookSecret))
        {
            Configure(options.WebhookEndpointUrl, options.WebhookSecret);
        }
    }

    /// <summary>Sets the one configured endpoint (options, or the embedding host once it knows its own address).</summary>
    public WebhookEndpoint Configure(string url, string secret) =>
        endpoints[ConfiguredId] = new WebhookEndpoint(ConfiguredId, url, secret, [], time.GetUtcNow());

    public WebhookEndpoint Add(string url, string secret, IReadOnlyList<string> events)
    {
        var endpoint = new WebhookEndpoint(Ids.New("whk"), url, secret, events, time.GetUtcNow());
        endpoints[endpoint.Id] = endpoint;
        return endpoint;
    }

    public bool Remove(string id) => endpoints.TryRemove(id, out _);

    public IReadOnlyList<WebhookEndpoint> List() => [.. endpoints.Values.OrderBy(e => e.Id, StringComparer.Ordinal)];
}
