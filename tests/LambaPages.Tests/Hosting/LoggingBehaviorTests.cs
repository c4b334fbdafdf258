using LambaPages.Pipeline;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LambaPages.Tests.Hosting;

/// <summary>What the pipeline writes when a message fails: a warning for a real failure, nothing above Debug for a request the browser abandoned.</summary>
public sealed class LoggingBehaviorTests
{
    [Fact]
    public async Task A_failure_is_a_warning_naming_the_message_and_the_exception_type()
    {
        var logs = new CapturedLogs();
        var behavior = Behavior(logs);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await behavior.Handle(new ProbeQuery(), (_, _) => throw new InvalidOperationException("boom"), CancellationToken.None));

        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning LambaPages.Pipeline: ProbeQuery failed after", line, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_browser_abandoned_is_not_a_warning()
    {
        var logs = new CapturedLogs();
        var behavior = Behavior(logs);
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(async () =>
            await behavior.Handle(new ProbeQuery(), (_, token) => throw new TaskCanceledException(null, null, token), aborted.Token));

        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Debug LambaPages.Pipeline: ProbeQuery abandoned after", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_while_the_browser_still_waits_is_a_warning()
    {
        var logs = new CapturedLogs();
        var behavior = Behavior(logs);

        await Assert.ThrowsAsync<TaskCanceledException>(async () =>
            await behavior.Handle(new ProbeQuery(), (_, _) => throw new TaskCanceledException(), CancellationToken.None));

        Assert.StartsWith("Warning LambaPages.Pipeline: ProbeQuery failed after", Assert.Single(logs.Lines), StringComparison.Ordinal);
    }

    private static LoggingBehavior<ProbeQuery, string> Behavior(CapturedLogs logs)
    {
        var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        return new LoggingBehavior<ProbeQuery, string>(factory);
    }

    public sealed record ProbeQuery : IQuery<string>;
}
