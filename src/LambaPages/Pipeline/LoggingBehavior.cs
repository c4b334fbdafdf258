using System.Diagnostics;
using FluentValidation;
using Mediator;

namespace LambaPages.Pipeline;

/// <summary>A message's result can say how it went in one word, for the log (never its data).</summary>
public interface IHasOutcome
{
    string Outcome { get; }
}

/// <summary>
/// Logs every message: its type, how long it took and how it ended. Never the message itself: a command
/// may carry a password or a one-time code. A command (a change the user asked for) is logged at Information; a query
/// (every page view reads one or two) at Debug, so a production log is not one line per page view (bench B5). A request
/// the browser abandoned is not a failure either: Debug too.
/// </summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILoggerFactory loggerFactory) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly LogLevel HandledLevel = typeof(IBaseQuery).IsAssignableFrom(typeof(TMessage)) ? LogLevel.Debug : LogLevel.Information;

    private readonly ILogger logger = loggerFactory.CreateLogger("LambaPages.Pipeline");

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (logger.IsEnabled(HandledLevel))
            {
                PipelineLog.Handled(logger, HandledLevel, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    response is IHasOutcome result ? result.Outcome : "Completed");
            }

            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away (or the server is stopping): nothing failed, and nobody waits for the answer.
            PipelineLog.Abandoned(logger, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (ValidationException)
        {
            PipelineLog.RejectedAsInvalid(logger, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex)
        {
            PipelineLog.Failed(logger, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}

/// <summary>The pipeline's log lines, source-generated: no boxing or argument array per message.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage("{MessageType} handled in {ElapsedMs:0} ms: {Outcome}")]
    public static partial void Handled(ILogger logger, LogLevel level, string messageType, double elapsedMs, string outcome);

    [LoggerMessage(LogLevel.Information, "{MessageType} rejected as invalid after {ElapsedMs:0} ms")]
    public static partial void RejectedAsInvalid(ILogger logger, string messageType, double elapsedMs);

    [LoggerMessage(LogLevel.Debug, "{MessageType} abandoned after {ElapsedMs:0} ms: the request was aborted")]
    public static partial void Abandoned(ILogger logger, string messageType, double elapsedMs);

    [LoggerMessage(LogLevel.Warning, "{MessageType} failed after {ElapsedMs:0} ms with {ExceptionType}")]
    public static partial void Failed(ILogger logger, string messageType, double elapsedMs, string exceptionType);
}
