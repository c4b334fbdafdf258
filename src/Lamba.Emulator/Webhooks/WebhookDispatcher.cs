using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Lamba.Emulator.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Lamba.Emulator.Webhooks;

/// <summary>One event on its way to one endpoint: what was sent, how often, and how it ended.</summary>
public sealed class WebhookDelivery(string id, WebhookEnvelope envelope, WebhookEndpoint endpoint, string body)
{
    private readonly Lock gate = new();

    public string Id { get; } = id;

    public WebhookEnvelope Envelope { get; } = envelope;

    public WebhookEndpoint Endpoint { get; } = endpoint;

    /// <summary>The exact bytes signed and sent, the same on every attempt (receivers dedupe by event id).</summary>
    public string Body { get; } = body;

    public int Attempts { get; private set; }

    public string Status { get; private set; } = WebhookDeliveryStatus.Pending;

    public int? LastResponseStatus { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public void Record(DateTimeOffset at, int? responseStatus, string? error, TimeSpan? retryIn)
    {
        lock (gate)
        {
            Attempts++;
            LastAttemptAt = at;
            LastResponseStatus = responseStatus;
            LastError = error;
            var delivered = error is null && responseStatus is >= 200 and < 300;
            DeliveredAt = delivered ? at : null;
            NextAttemptAt = delivered || retryIn is null ? null : at + retryIn;
            Status = delivered ? WebhookDeliveryStatus.Delivered : retryIn is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Retrying;
        }
    }

    public WebhookDeliveryView View()
    {
        lock (gate)
        {
            return new WebhookDeliveryView(
                Id, Envelope.Id, Envelope.Type, Endpoint.Id, Endpoint.Url, Status, Attempts, LastResponseStatus, LastError, LastAttemptAt, NextAttemptAt, DeliveredAt);
        }
    }
}

public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

public sealed record WebhookDeliveryView(
    string Id,
    string EventId,
    string Type,
    string EndpointId,
    string Url,
    string Status,
    int Attempts,
    int? LastResponseStatus,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt);

/// <summary>
/// Fans each event out to the endpoints that want it and queues the deliveries for <see cref="WebhookSender"/>;
/// keeps the delivery log (the newest <see cref="LogSize"/>).
/// </summary>
public sealed class WebhookDispatcher(WebhookEndpoints endpoints, IOptions<JsonOptions> json)
{
    public const int LogSize = 500;

    private readonly Channel<WebhookDelivery> queue = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LinkedList<WebhookDelivery> log = new();
    private readonly Lock logGate = new();

    public ChannelReader<WebhookDelivery> Queue => queue.Reader;

    public void Dispatch(WebhookEnvelope envelope)
    {
        var body = JsonSerializer.Serialize(envelope, json.Value.SerializerOptions);
        foreach (var endpoint in endpoints.List().Where(e => e.Wants(envelope.Type)))
        {
            var delivery = new WebhookDelivery(Ids.New("dlv"), envelope, endpoint, body);
            lock (logGate)
            {
                log.AddFirst(delivery);
                while (log.Count > LogSize)
                {
                    log.RemoveLast();
                }
            }

            queue.Writer.TryWrite(delivery);
        }
    }

    /// <summary>Puts a delivery back in line after its backoff.</summary>
    public void Requeue(WebhookDelivery delivery) => queue.Writer.TryWrite(delivery);

    public IReadOnlyList<WebhookDeliveryView> Log(string? type)
    {
        lock (logGate)
        {
            return [.. log.Where(d => type is null || d.Envelope.Type == type).Select(d => d.View())];
        }
    }

    public void ClearLog()
    {
        lock (logGate)
        {
            log.Clear();
        }
    }
}

/// <summary>The v1 signature of contract section 8: lowercase hex HMAC-SHA256(secret, "{timestamp}.{rawBody}").</summary>
public static class WebhookSignature
{
    public static string V1(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body)));
}
