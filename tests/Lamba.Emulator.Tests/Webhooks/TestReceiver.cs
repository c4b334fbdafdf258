using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamba.Emulator.Tests.Webhooks;

/// <summary>A webhook as it arrived: the headers that matter and the raw body, byte for byte.</summary>
public sealed record ReceivedWebhook(string Event, string Timestamp, string Signature, string RawBody)
{
    public JsonElement Envelope => JsonDocument.Parse(RawBody).RootElement;
}

/// <summary>A real HTTP receiver on a free loopback port that records what it is sent and answers as told (204 by default).</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> answers = new();

    private TestReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";

    /// <summary>The next answers, in order (e.g. 500 then the default 204).</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            answers.Enqueue(status);
        }
    }

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            receiver.Received.Enqueue(new ReceivedWebhook(
                http.Request.Headers["X-Lamba-Event"].ToString(),
                http.Request.Headers["X-Lamba-Timestamp"].ToString(),
                http.Request.Headers["X-Lamba-Signature"].ToString(),
                await reader.ReadToEndAsync()));
            return Results.StatusCode(receiver.answers.TryDequeue(out var status) ? status : StatusCodes.Status204NoContent);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (up to the timeout) until a webhook of this type has arrived; every match, oldest first.</summary>
    public async Task<ReceivedWebhook[]> WaitForAsync(string type, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var matches = Received.Where(r => r.Event == type).ToArray();
            if (matches.Length >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(matches.Length >= count, $"Expected {count} {type} webhook(s), got {matches.Length}: {string.Join(", ", Received.Select(r => r.Event))}");
                return matches;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
