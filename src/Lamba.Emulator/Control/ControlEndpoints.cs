using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Control;

public sealed record FaultRequest(string? Route, int? Status, int? DelayMs, int? Count);

public sealed record ClockRequest(double? AdvanceSeconds);

public sealed record ClockState(DateTimeOffset Now, double OffsetSeconds);

public sealed record FaultView(string? Method, string Route, int? Status, int DelayMs, int Remaining);

/// <summary>The emulator's own test hooks (contract section 9); mapped only in development mode.</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControl(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup(ControlPaths.Prefix);
        control.MapGet("/outbox", GetOutboxAsync);
        control.MapPost("/reset", ResetAsync);
        control.MapGet("/faults", (FaultRegistry faults) => Results.Ok(new ListPage<FaultView>(
            faults.List().Select(f => new FaultView(f.Method, f.Route, f.Status, f.DelayMs, f.Remaining)).ToList(), null)));
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

    /// <summary>Back to the seed: data, clock, faults, counters, rate-limit windows.</summary>
    private static async Task<IResult> ResetAsync(
        LambaDb db, PasswordHasher hasher, EmulatorClock clock, FaultRegistry faults, EmulatorStats stats, AttemptLimiter limiter, RefreshGrace grace, CancellationToken cancellationToken)
    {
        clock.Reset();
        faults.Clear();
        limiter.Clear();
        grace.Clear();
        await SeedData.ResetAsync(db, hasher, clock.GetUtcNow(), cancellationToken);
        stats.Reset();
        return Results.NoContent();
    }

    private static IResult AddFault(FaultRequest body, FaultRegistry faults)
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

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var fault = new Fault(method, route, body.Status, body.DelayMs ?? 0, body.Count ?? 1);
        faults.Add(fault);
        return Results.Json(new FaultView(fault.Method, fault.Route, fault.Status, fault.DelayMs, fault.Remaining), statusCode: StatusCodes.Status201Created);
    }

    private static IResult MoveClock(ClockRequest body, EmulatorClock clock)
    {
        if (body.AdvanceSeconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return Problems.Validation("advanceSeconds", "Give a number of seconds to move forward (0 or more).");
        }

        clock.Advance(TimeSpan.FromSeconds(seconds));
        return Results.Ok(new ClockState(clock.GetUtcNow(), clock.Offset.TotalSeconds));
    }
}
