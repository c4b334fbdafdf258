namespace Lamba.AspNetCore.Client;

/// <summary>
/// One X-Correlation-Id per incoming portal request (contract section 1): created here, reused for every
/// upstream call the request makes, echoed to the browser and written to every log line via a logging scope.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private static readonly object ItemKey = new();

    /// <summary>The current request's id, or null outside a request.</summary>
    public static string? Of(HttpContext? context) =>
        context?.Items.TryGetValue(ItemKey, out var id) == true ? id as string : null;

    internal static void Set(HttpContext context, string id) => context.Items[ItemKey] = id;
}

/// <summary>Creates the id (never trusting one sent by the browser) and opens the logging scope for the whole request.</summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = Guid.NewGuid().ToString("D");
        CorrelationId.Set(context, id);

        // OnStarting, so the header survives the exception handler clearing the response.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationId.HeaderName] = id;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}

/// <summary>Stamps every upstream call with the current request's id; a call outside a request gets its own.</summary>
public sealed class CorrelationIdHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(CorrelationId.HeaderName);
        request.Headers.TryAddWithoutValidation(
            CorrelationId.HeaderName, CorrelationId.Of(httpContextAccessor.HttpContext) ?? Guid.NewGuid().ToString("D"));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Logging scope state: structured ("CorrelationId" property) and readable in plain console output.</summary>
internal sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{id}";
}
