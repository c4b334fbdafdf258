using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Lamba.Emulator.Infrastructure;

/// <summary>An RFC 7807 answer with the contract's <c>errorCode</c> and <c>traceId</c>; the only way the emulator reports an error.</summary>
public sealed class ProblemResult(int status, string errorCode, string detail) : IResult
{
    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    public string Detail { get; } = detail;

    /// <summary>Per-code members such as <c>errors</c> or <c>factors</c>.</summary>
    public Dictionary<string, object?> Extensions { get; } = new(StringComparer.Ordinal);

    /// <summary>Sent as the <c>Retry-After</c> header (423, 429).</summary>
    public int? RetryAfterSeconds { get; init; }

    public ProblemResult With(string name, object? value)
    {
        Extensions[name] = value;
        return this;
    }

    public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, this);
}

public static class Problems
{
    public static ProblemResult Of(int status, string errorCode, string detail) => new(status, errorCode, detail);

    public static ProblemResult Validation(FieldErrors errors, string detail = "Some fields are not valid.") =>
        new ProblemResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, detail).With("errors", errors.ToDictionary());

    public static ProblemResult Validation(string field, string message) => Validation(new FieldErrors().Add(field, message));

    public static ProblemResult NotFound(string detail = "The resource does not exist.") =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, detail);

    public static ProblemResult Unauthorized(string errorCode, string detail) => new(StatusCodes.Status401Unauthorized, errorCode, detail);

    public static ProblemResult Forbidden(string errorCode, string detail) => new(StatusCodes.Status403Forbidden, errorCode, detail);

    public static ProblemResult Conflict(string errorCode, string detail) => new(StatusCodes.Status409Conflict, errorCode, detail);

    public static ProblemResult RetryLater(int status, string errorCode, string detail, TimeSpan retryAfter) =>
        new(status, errorCode, detail) { RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) };
}

/// <summary>Writes problem details: one shape for handlers, middleware, faults and unhandled exceptions.</summary>
public static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static string TraceId(HttpContext httpContext) =>
        Activity.Current?.TraceId.ToHexString() ?? httpContext.TraceIdentifier;

    public static async Task WriteAsync(HttpContext httpContext, ProblemResult problem)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = "about:blank",
            ["title"] = ReasonPhrases.GetReasonPhrase(problem.Status) is { Length: > 0 } phrase ? phrase : "Error",
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
            ["errorCode"] = problem.ErrorCode,
            ["traceId"] = TraceId(httpContext),
        };
        foreach (var (name, value) in problem.Extensions)
        {
            body[name] = value;
        }

        var response = httpContext.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (problem.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(response.Body, body, json, httpContext.RequestAborted);
    }
}
