using System.Net;
using System.Text.Json;
using Refit;

namespace Lamba.AspNetCore.Client;

/// <summary>
/// A Lamba error, read once from RFC 7807 problem details (contract section 7). Callers decide by
/// <see cref="Status"/> first and <see cref="ErrorCode"/> second: the code is a refinement, the status is the promise.
/// </summary>
public sealed record LambaProblem(
    int Status,
    string? ErrorCode,
    string? Title,
    string? Detail,
    string? TraceId,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<string> Factors,
    TimeSpan? RetryAfter)
{
    public bool Is(HttpStatusCode status, string? errorCode = null) =>
        Status == (int)status && (errorCode is null || string.Equals(ErrorCode, errorCode, StringComparison.Ordinal));

    public bool IsServerError => Status >= 500;

    /// <summary>Reads an <see cref="ApiException"/>; a body that is not problem JSON still yields the status and Retry-After.</summary>
    public static LambaProblem From(ApiException exception, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = (int)exception.StatusCode;
        string? errorCode = null, title = null, detail = null, traceId = null;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var factors = new List<string>();

        if (TryParse(exception.Content, out var root))
        {
            using (root)
            {
                var body = root.RootElement;
                errorCode = ReadString(body, "errorCode");
                title = ReadString(body, "title");
                detail = ReadString(body, "detail");
                traceId = ReadString(body, "traceId");
                ReadErrors(body, errors);
                ReadFactors(body, factors);
            }
        }

        return new LambaProblem(status, errorCode, title, detail, traceId, errors, factors,
            ReadRetryAfter(exception, timeProvider ?? TimeProvider.System));
    }

    /// <summary>The problem behind any exception a Refit call can throw, or null when it is not a Lamba answer.</summary>
    public static LambaProblem? TryFrom(Exception? exception) => exception switch
    {
        ApiException api => From(api),
        { InnerException: { } inner } => TryFrom(inner),
        _ => null,
    };

    private static bool TryParse(string? content, out JsonDocument document)
    {
        document = null!;
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? ReadString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void ReadErrors(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("errors", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var field in value.EnumerateObject())
        {
            errors[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray()
                    .Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!).ToArray(),
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [],
            };
        }
    }

    private static void ReadFactors(JsonElement body, List<string> factors)
    {
        if (body.TryGetProperty("factors", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            factors.AddRange(value.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!));
        }
    }

    private static TimeSpan? ReadRetryAfter(ApiException exception, TimeProvider timeProvider)
    {
        var retryAfter = exception.Headers?.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}

/// <summary>Shorthand for the one reader.</summary>
public static class LambaProblemExtensions
{
    public static LambaProblem ToLambaProblem(this ApiException exception) => LambaProblem.From(exception);
}
