using System.Diagnostics;
using Lamba.AspNetCore.Client;
using LambaPages.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Error;

/// <summary>
/// The one error page (UseExceptionHandler and status-code re-execution, in every environment). It shows a
/// trace id for support and never an exception message, a stack trace or a token. It makes no upstream call.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed partial class IndexModel(ILogger<IndexModel> logger) : PageModel
{
    public bool IsNotFound { get; private set; }

    /// <summary>A sign-in form's rate limit turned the request away (429 with Retry-After).</summary>
    public bool IsTooManyRequests { get; private set; }

    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>Lamba did not answer, or answered with a server error (502/504): nothing the user did was wrong.</summary>
    public bool IsLambaUnreachable => Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout;

    public string TraceId { get; private set; } = "";

    /// <summary>Lamba's own trace id when the failure was an upstream answer (contract section 7).</summary>
    public string? LambaTraceId { get; private set; }

    public void OnGet(int? statusCode) => Describe(statusCode);

    // A failed POST is re-executed as a POST.
    public void OnPost(int? statusCode) => Describe(statusCode);

    private void Describe(int? statusCode)
    {
        TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        IsNotFound = statusCode == StatusCodes.Status404NotFound;
        IsTooManyRequests = statusCode == StatusCodes.Status429TooManyRequests;
        RetryAfter = int.TryParse(Response.Headers.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is null)
        {
            return;
        }

        LambaTraceId = LambaProblem.TryFrom(exception)?.TraceId;
        var expected = ExpectedFailures.StatusFor(exception);
        Response.StatusCode = expected ?? StatusCodes.Status500InternalServerError;
        if (expected is null)
        {
            return;
        }

        // The exception handler left this one unlogged (ExpectedFailures): one line, no stack trace, nothing personal.
        var failure = exception.InnerException is { } cause ? $"{exception.GetType().Name} ({cause.GetType().Name})" : exception.GetType().Name;
        LambaUnavailableLog(logger, failure, Response.StatusCode, LambaTraceId);
        if (expected == StatusCodes.Status503ServiceUnavailable)
        {
            // Redis is away: nothing was lost and the session stands; a moment later the same request works.
            Response.Headers.RetryAfter = "5";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Status}: {Failure} on the way to Lamba or the shared state (Lamba trace {LambaTraceId})")]
    private static partial void LambaUnavailableLog(ILogger logger, string failure, int status, string? lambaTraceId);
}
