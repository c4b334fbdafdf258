namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// Outermost middleware: echoes <c>X-Correlation-Id</c> (or mints one), marks every answer <c>no-store</c>,
/// and turns unhandled exceptions and bare error statuses (unknown route, framework rejections) into problem details.
/// </summary>
public sealed class RequestEnvelope(RequestDelegate next, ILogger<RequestEnvelope> logger)
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext httpContext)
    {
        var correlationId = ReadCorrelationId(httpContext.Request);
        httpContext.Response.OnStarting(() =>
        {
            var headers = httpContext.Response.Headers;
            headers[CorrelationHeader] = correlationId;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            return Task.CompletedTask;
        });

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId });
        try
        {
            await next(httpContext);
        }
        catch (BadHttpRequestException exception) when (!httpContext.Response.HasStarted)
        {
            // Malformed JSON, missing body, wrong content type: the client's fault, reported like any validation error.
            logger.LogDebug(exception, "Rejected a malformed request to {Path}", httpContext.Request.Path);
            httpContext.Response.Clear();
            await ProblemWriter.WriteAsync(httpContext, Problems.Of(exception.StatusCode, ErrorCodes.ForStatus(exception.StatusCode), "The request body is missing or is not valid JSON for this route."));
            return;
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (!httpContext.Response.HasStarted)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}, trace {TraceId}", httpContext.Request.Method, httpContext.Request.Path, ProblemWriter.TraceId(httpContext));
            httpContext.Response.Clear();
            await ProblemWriter.WriteAsync(httpContext, Problems.Of(StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "The emulator failed to handle the request."));
            return;
        }

        var response = httpContext.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            var detail = response.StatusCode switch
            {
                404 => "No such route.",
                405 => "This route does not accept that method.",
                _ => "The request could not be handled.",
            };
            await ProblemWriter.WriteAsync(httpContext, Problems.Of(response.StatusCode, ErrorCodes.ForStatus(response.StatusCode), detail));
        }
    }

    private static string ReadCorrelationId(HttpRequest request)
    {
        var value = request.Headers[CorrelationHeader].ToString();
        return value.Length is > 0 and <= 128 && value.All(c => c is > ' ' and < (char)127)
            ? value
            : Guid.NewGuid().ToString("D");
    }
}

/// <summary>The customer surface is scoped by token only; a console-style scoping header is a client bug, so it fails loudly.</summary>
public sealed class ConsoleHeaderGuard(RequestDelegate next)
{
    private static readonly string[] Forbidden =
    [
        "X-Tenant-Id", "X-Workspace-Id", "X-Project-Id", "X-Environment", "X-Environment-Id", "X-Env",
        "X-Lamba-Tenant-Id", "X-Lamba-Workspace-Id", "X-Lamba-Project-Id", "X-Lamba-Environment",
    ];

    public Task InvokeAsync(HttpContext httpContext)
    {
        foreach (var header in Forbidden)
        {
            if (httpContext.Request.Headers.ContainsKey(header))
            {
                return ProblemWriter.WriteAsync(httpContext, Problems.Of(
                    StatusCodes.Status400BadRequest,
                    ErrorCodes.ConsoleHeaderNotAllowed,
                    $"The header {header} is not allowed: the customer surface is scoped by the bearer token and switch-context."));
            }
        }

        return next(httpContext);
    }
}
