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
/// may carry a password or a one-time code.
/// </summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILoggerFactory loggerFactory) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly ILogger logger = loggerFactory.CreateLogger("LambaPages.Pipeline");

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var messageType = typeof(TMessage).Name;
        try
        {
            var response = await next(message, cancellationToken);
            var outcome = response is IHasOutcome result ? result.Outcome : "Completed";
            logger.LogInformation("{MessageType} handled in {ElapsedMs:0} ms: {Outcome}",
                messageType, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
            return response;
        }
        catch (ValidationException)
        {
            logger.LogInformation("{MessageType} rejected as invalid after {ElapsedMs:0} ms",
                messageType, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning("{MessageType} failed after {ElapsedMs:0} ms with {ExceptionType}",
                messageType, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}
