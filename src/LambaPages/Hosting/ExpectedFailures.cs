using System.Net;
using Polly.Timeout;
using Refit;

namespace LambaPages.Hosting;

/// <summary>
/// The failures the portal expects and answers with a page, not a bug: Lamba unreachable or answering a server error
/// (502), Lamba too slow (504), the shared state (Redis) away (503). One place decides the status for the error page,
/// and that the exception handler logs one line for them instead of a stack trace per request: during an outage every
/// view fails the same way, and forty lines each would bury the log and cost each request milliseconds.
/// </summary>
public static class ExpectedFailures
{
    /// <summary>The status the error page answers for <paramref name="exception"/>, or null for an unexpected failure (500).</summary>
    public static int? StatusFor(Exception? exception) => exception switch
    {
        null => null,
        _ when SharedStateOutage.IsCause(exception) => StatusCodes.Status503ServiceUnavailable,
        ApiException { StatusCode: >= HttpStatusCode.InternalServerError } => StatusCodes.Status502BadGateway,
        ApiRequestException { InnerException: TimeoutRejectedException or TaskCanceledException } => StatusCodes.Status504GatewayTimeout,
        ApiRequestException => StatusCodes.Status502BadGateway,
        _ => null,
    };
}
