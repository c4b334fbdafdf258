using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Store.Seeding;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Control;

/// <summary>A fault to inject; <c>limit/allowed/current/plan</c> shape a 402, <c>retryAfterSeconds</c> a 423, 429 or 503.</summary>
public sealed record FaultRequest(
    string? Route, int? Status, int? DelayMs, int? Count, string? Limit = null, long? Allowed = null, long? Current = null, string? Plan = null, int? RetryAfterSeconds = null);

public sealed record ClockRequest(double? AdvanceSeconds);

public sealed record ClockState(DateTimeOffset Now, double OffsetSeconds);

public sealed record FaultView(string? Method, string Route, int? Status, int DelayMs, int Remaining, PlanLimit? PlanLimit, int? RetryAfterSeconds)
{
    public static FaultView Of(Fault fault) => new(fault.Method, fault.Route, fault.Status, fault.DelayMs, fault.Remaining, fault.PlanLimit, fault.RetryAfterSeconds);
}

/// <summary>The emulator's own test hooks (contract section 9); mapped only in development mode.</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControl(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup(ControlPaths.Prefix);
        control.MapGet("/outbox", GetOutboxAsync);
        control.MapPost("/reset", ResetAsync);
        control.MapGet("/faults", (FaultRegistry faults) => Results.Ok(new ListPage<FaultView>(
            faults.List().Select(FaultView.Of).ToList(), null)));
        control.MapPost("/faults", AddFault);
        control.MapDelete("/faults", (FaultRegistry faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        control.MapGet("/clock", (EmulatorClock clock) => Results.Ok(new ClockState(clock.GetUtcNow(), clock.Offset.TotalSeconds)));
        control.MapPost("/clock", MoveClock);
        control.MapGet("/stats", (EmulatorStats stats) => Results.Ok(stats.Snapshot()));
        control.MapPost("/keys/rotate", (SigningKeys keys) => Results.Ok(new { kid = keys.Rotate() }));
        return control;
    }

    /// <summary>What would have been sent, newest first; <c>to</c> filters by recipient (email or phone).</summary>
    private static async Task<IResult> GetOutboxAsync(string? to, LambaDb db, CancellationToken cancellationToken)
    {
        var query = db.Outbox.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var recipient = to.Trim().ToLowerInvariant();
            query = query.Where(m => m.To == recipient);
        }

        var items = await query.OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
        return Results.Ok(new ListPage<OutboxMessage>(items, null));
    }

    private static async Task<IResult> ResetAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        await ResetEverythingAsync(httpContext.RequestServices, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Back to the seed: data, clock, faults, counters, rate-limit windows.</summary>
    internal static async Task ResetEverythingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var (db, seed, hasher) = (services.GetRequiredService<LambaDb>(), services.GetRequiredService<TenantSeed>(), services.GetRequiredService<PasswordHasher>());
        var (clock, faults, stats) = (services.GetRequiredService<EmulatorClock>(), services.GetRequiredService<FaultRegistry>(), services.GetRequiredService<EmulatorStats>());
        var (limiter, grace) = (services.GetRequiredService<AttemptLimiter>(), services.GetRequiredService<RefreshGrace>());
        clock.Reset();
        faults.Clear();
        limiter.Clear();
        grace.Clear();
        await SeedData.ResetAsync(db, seed, hasher, clock.GetUtcNow(), cancellationToken);
        stats.Reset();
    }

    private static IResult AddFault(FaultRequest body, FaultRegistry faults)
    {
        var (fault, errors) = ToFault(body);
        if (fault is null)
        {
            return Problems.Validation(errors);
        }

        faults.Add(fault);
        return Results.Json(FaultView.Of(fault), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Checks a fault request (JSON route and UI form alike); the fault, or the field errors.</summary>
    internal static (Fault? Fault, FieldErrors Errors) ToFault(FaultRequest body)
    {
        var errors = new FieldErrors();
        var route = body.Route?.Trim() ?? "";
        string? method = null;
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            method = route[..space].ToUpperInvariant();
            route = route[(space + 1)..].Trim();
        }

        if (!route.StartsWith('/'))
        {
            errors.Add("route", "Give a path such as /v1/me/context, optionally prefixed with a method: POST /v1/auth/refresh.");
        }

        if (body.Status is { } status && (status < 100 || status > 599))
        {
            errors.Add("status", "Use an HTTP status from 100 to 599, or leave it out to only delay.");
        }

        if (body.DelayMs is < 0 or > 120_000)
        {
            errors.Add("delayMs", "Use 0 to 120000 milliseconds.");
        }

        if (body.Count is < 1)
        {
            errors.Add("count", "Use a count of at least 1.");
        }

        if (body.Status is null && body.DelayMs is null or 0)
        {
            errors.Add("status", "Give a status, a delay, or both.");
        }

        var shapesPlanLimit = body.Limit is not null || body.Allowed is not null || body.Current is not null || body.Plan is not null;
        if (shapesPlanLimit && body.Status != StatusCodes.Status402PaymentRequired)
        {
            errors.Add("status", "limit, allowed, current and plan shape a 402 PLAN_LIMIT_EXCEEDED: use status 402.");
        }

        if (body.Allowed is < 0 || body.Current is < 0)
        {
            errors.Add(body.Allowed is < 0 ? "allowed" : "current", "Use 0 or more.");
        }

        if (body.RetryAfterSeconds is { } retryAfter && (retryAfter is < 1 or > 86_400 || body.Status is not (423 or 429 or 503)))
        {
            errors.Add("retryAfterSeconds", "Use 1 to 86400 seconds, with status 423, 429 or 503.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var fault = new Fault(method, route, body.Status, body.DelayMs ?? 0, body.Count ?? 1)
        {
            PlanLimit = shapesPlanLimit
                ? new PlanLimit(
                    string.IsNullOrWhiteSpace(body.Limit) ? PlanLimit.Default.Limit : body.Limit.Trim(),
                    body.Allowed ?? PlanLimit.Default.Allowed,
                    body.Current ?? body.Allowed ?? PlanLimit.Default.Current,
                    string.IsNullOrWhiteSpace(body.Plan) ? PlanLimit.Default.Plan : body.Plan.Trim())
                : null,
            RetryAfterSeconds = body.RetryAfterSeconds,
        };
        return (fault, errors);
    }

    private static IResult MoveClock(ClockRequest body, EmulatorClock clock) =>
        TryAdvance(clock, body.AdvanceSeconds)
            ? Results.Ok(new ClockState(clock.GetUtcNow(), clock.Offset.TotalSeconds))
            : Problems.Validation("advanceSeconds", AdvanceRule);

    internal const string AdvanceRule = "Give a number of seconds to move forward (0 or more).";

    /// <summary>Moves the clock forward only, by at most ten years; false when the amount is not acceptable.</summary>
    internal static bool TryAdvance(EmulatorClock clock, double? advanceSeconds)
    {
        if (advanceSeconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return false;
        }

        clock.Advance(TimeSpan.FromSeconds(seconds));
        return true;
    }
}
