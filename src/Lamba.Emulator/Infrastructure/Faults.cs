namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// One injected fault: the next <see cref="Remaining"/> calls to <see cref="Route"/> (optionally only for
/// <see cref="Method"/>) wait <see cref="DelayMs"/> and then answer <see cref="Status"/>, or just stall when
/// no error status is given.
/// </summary>
public sealed class Fault(string? method, string route, int? status, int delayMs, int count)
{
    /// <summary>For a 402: the <c>limit/allowed/current/plan</c> members of <c>PLAN_LIMIT_EXCEEDED</c>.</summary>
    public PlanLimit? PlanLimit { get; init; }

    /// <summary>For a 423, 429 or 503: the <c>Retry-After</c> seconds (defaults: 60, 1 and 5).</summary>
    public int? RetryAfterSeconds { get; init; }

    public string? Method { get; } = method;

    public string Route { get; } = route;

    public int? Status { get; } = status;

    public int DelayMs { get; } = delayMs;

    public int Remaining { get; set; } = count;

    public bool Matches(string method, string path, string pattern) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (string.Equals(Route.TrimEnd('/'), path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            || string.Equals(Route, pattern, StringComparison.OrdinalIgnoreCase));

    /// <summary>The answer this fault gives, shaped like the real error of that status.</summary>
    public ProblemResult ToProblem(int status)
    {
        const string Detail = "Injected by /_emulator/faults.";
        var code = ErrorCodes.ForStatus(status);
        var plan = PlanLimit ?? PlanLimit.Default;
        return status switch
        {
            StatusCodes.Status402PaymentRequired => Problems.Of(status, code, Detail)
                .With("limit", plan.Limit).With("allowed", plan.Allowed).With("current", plan.Current).With("plan", plan.Plan),
            StatusCodes.Status423Locked => Problems.RetryLater(status, code, Detail, TimeSpan.FromSeconds(RetryAfterSeconds ?? 60)),
            StatusCodes.Status429TooManyRequests => Problems.RetryLater(status, code, Detail, TimeSpan.FromSeconds(RetryAfterSeconds ?? 1)),
            StatusCodes.Status503ServiceUnavailable => Problems.RetryLater(status, code, Detail, TimeSpan.FromSeconds(RetryAfterSeconds ?? 5)),
            _ => Problems.Of(status, code, Detail),
        };
    }
}

/// <summary>Which plan limit a 402 says was hit: <c>current</c> of <c>allowed</c> <c>limit</c> on <c>plan</c>.</summary>
public sealed record PlanLimit(string Limit, long Allowed, long Current, string Plan)
{
    public static PlanLimit Default { get; } = new("members", 5, 5, "free");
}

public sealed class FaultRegistry
{
    private readonly Lock gate = new();
    private readonly List<Fault> faults = [];

    public void Add(Fault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public IReadOnlyList<Fault> List()
    {
        lock (gate)
        {
            return [.. faults];
        }
    }

    /// <summary>Claims one use of the first fault matching this call; spent faults disappear.</summary>
    public Fault? TryTake(string method, string path, string pattern)
    {
        lock (gate)
        {
            var fault = faults.Find(f => f.Matches(method, path, pattern));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            if (fault.Remaining <= 0)
            {
                faults.Remove(fault);
            }

            return fault;
        }
    }
}

public sealed class FaultInjector(RequestDelegate next, FaultRegistry registry)
{
    public async Task InvokeAsync(HttpContext httpContext)
    {
        var path = httpContext.Request.Path.Value ?? "/";
        if (httpContext.Request.Path.StartsWithSegments(ControlPaths.Prefix, StringComparison.OrdinalIgnoreCase)
            || registry.TryTake(httpContext.Request.Method, path, RouteKey.Of(httpContext)) is not { } fault)
        {
            await next(httpContext);
            return;
        }

        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, httpContext.RequestAborted);
        }

        if (fault.Status is not { } status || status < 400)
        {
            await next(httpContext);
            return;
        }

        await ProblemWriter.WriteAsync(httpContext, fault.ToProblem(status));
    }
}
