using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

/// <summary>
/// Five failed sign-ins (password or MFA code) within 15 minutes from one client lock that account for that client for
/// 15 minutes [ours, see docs/contract-decisions.md]. Per account and client, so an attacker elsewhere cannot keep the
/// owner out; unknown logins lock alike, so a 423 says nothing about whether the account exists. The owner is told by
/// email when a lock starts.
/// </summary>
public sealed class LoginLockout(LambaDb db, EmulatorClock clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    /// <summary>What failures are counted against: the user's id, or the login as typed when no account has it.</summary>
    public static string SubjectOf(User? user, string login) => user?.Id ?? "login:" + login.Trim().ToLowerInvariant();

    /// <summary>Until when <paramref name="subject"/> is locked for this client, or null.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string subject, string client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = LockEnd(await RecentFailuresAsync(subject, client, now, cancellationToken));
        return until > now ? until : null;
    }

    /// <summary>
    /// Records a failure; returns until when the subject is now locked for this client, or null. The lock that this
    /// failure starts is mailed to <paramref name="user"/> (the owner learns someone is guessing).
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string subject, string client, User? user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        db.LoginFailures.Add(new LoginFailure { Id = Ids.New("lfl"), Subject = subject, Client = client, OccurredAt = now });
        await db.SaveChangesAsync(cancellationToken);
        var until = LockEnd(await RecentFailuresAsync(subject, client, now, cancellationToken));
        if (until <= now)
        {
            return null;
        }

        if (user?.Email is { } email)
        {
            db.Outbox.Send(
                email,
                OutboxKinds.SecurityAlert,
                OutboxTexts.Format(
                    OutboxTexts.SecurityAlert, OutboxTexts.LanguageFor(user.Locale, request: null), MaxFailures, (int)Window.TotalMinutes, (int)LockDuration.TotalMinutes),
                now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return until;
    }

    /// <summary>A successful sign-in forgets this client's failures for the account.</summary>
    public async Task ClearAsync(string subject, string client, CancellationToken cancellationToken) =>
        await db.LoginFailures.Where(f => f.Subject == subject && f.Client == client).ExecuteDeleteAsync(cancellationToken);

    public static ProblemResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        Problems.RetryLater(StatusCodes.Status423Locked, ErrorCodes.AccountLocked, "Too many failed sign-ins from here; wait a while and try again.", until - now);

    private async Task<List<DateTimeOffset>> RecentFailuresAsync(string subject, string client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - Window - LockDuration;
        var times = await db.LoginFailures.AsNoTracking()
            .Where(f => f.Subject == subject && f.Client == client)
            .Select(f => f.OccurredAt)
            .ToListAsync(cancellationToken);
        return times.Where(t => t > since).Order().ToList();
    }

    /// <summary>The latest moment any failure completed five within a window, plus the lock duration.</summary>
    private static DateTimeOffset LockEnd(List<DateTimeOffset> failures)
    {
        var end = DateTimeOffset.MinValue;
        for (var i = MaxFailures - 1; i < failures.Count; i++)
        {
            if (failures[i] - failures[i - (MaxFailures - 1)] < Window)
            {
                end = failures[i] + LockDuration;
            }
        }

        return end;
    }
}
