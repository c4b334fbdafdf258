using System.Globalization;
using System.Text;

namespace Lamba.Emulator.Webhooks;

/// <summary>
/// Delivers queued webhooks, at least once: any answer but 2xx (or none within the timeout) is retried with
/// exponential backoff, up to <see cref="RetryDelays"/>.Length more times, then marked failed in the log.
/// Up to <see cref="Parallelism"/> deliveries are in flight, so one slow receiver does not hold up the rest.
/// </summary>
public sealed class WebhookSender(WebhookDispatcher dispatcher, IHttpClientFactory httpClients, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "Lamba.Emulator.Webhooks";
    public const int Parallelism = 4;

    public static IReadOnlyList<TimeSpan> RetryDelays { get; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        try
        {
            await foreach (var delivery in dispatcher.Queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                _ = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await AttemptAsync(delivery, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: deliveries still queued are dropped with the process (the log says so).
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        // The signature's timestamp is real time, never the emulator's moved clock: receivers judge it against theirs.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Lamba-Event", delivery.Envelope.Type);
            request.Headers.Add("X-Lamba-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Lamba-Signature", WebhookSignature.V1(delivery.Endpoint.Secret, timestamp, delivery.Body));
            request.Headers.Add("X-Lamba-Delivery", delivery.Id);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, stoppingToken);
            status = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            error = exception is TaskCanceledException ? "timed out" : exception.Message;
        }

        var succeeded = error is null && status is >= 200 and < 300;
        TimeSpan? retryIn = succeeded || delivery.Attempts >= RetryDelays.Count ? null : RetryDelays[delivery.Attempts];
        delivery.Record(DateTimeOffset.UtcNow, status, error, retryIn);
        if (succeeded)
        {
            return;
        }

        logger.LogInformation(
            "Webhook {DeliveryId} ({Type}) to {Url} failed with {Status}{Error}; {Next}",
            delivery.Id, delivery.Envelope.Type, delivery.Endpoint.Url, status, error is null ? "" : " " + error, retryIn is null ? "giving up" : $"retrying in {retryIn.Value.TotalSeconds} s");
        if (retryIn is { } delay)
        {
            _ = Task.Delay(delay, stoppingToken).ContinueWith(_ => dispatcher.Requeue(delivery), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
