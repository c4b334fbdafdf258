using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

/// <summary>Five failed sign-ins (password or MFA code) within 15 minutes lock the account for 15 minutes.</summary>
public sealed class LoginLockout(LambaDb db, EmulatorClock clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    /// <summary>Records a failure; returns when the account is now locked until, or null if it is not.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        db.LoginFailures.Add(new LoginFailure { Id = Ids.New("lfl"), UserId = userId, OccurredAt = now });
        await db.SaveChangesAsync(cancellationToken);
        var since = now - Window;
        var recent = await db.LoginFailures.CountAsync(f => f.UserId == userId && f.OccurredAt > since, cancellationToken);
        if (recent < MaxFailures)
        {
            return null;
        }

        var until = now + LockDuration;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil, (DateTimeOffset?)until), cancellationToken);
        await db.LoginFailures.Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        return until;
    }

    public async Task ClearAsync(string userId, CancellationToken cancellationToken) =>
        await db.LoginFailures.Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    public static ProblemResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        Problems.RetryLater(StatusCodes.Status423Locked, ErrorCodes.AccountLocked, "Too many failed sign-ins; the account is locked for a while.", until - now);
}
