using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Me;

/// <summary>
/// Step-up checks before a sensitive change (email, password, turning MFA off). A stolen access token must not be able
/// to guess the password or an MFA code at full speed: wrong answers spend a per-account budget
/// (<see cref="EmulatorOptions.StepUpFailureLimit"/> per <see cref="EmulatorOptions.StepUpWindow"/>), after which every
/// step-up form of that account answers 429 until the window ends.
/// </summary>
public static class Reauthentication
{
    /// <summary>Null when the current password is right; otherwise 429 (budget spent) or 401 (counted as a failure).</summary>
    public static ProblemResult? Check(User user, string password, PasswordHasher hasher, AttemptLimiter limiter, EmulatorOptions options)
    {
        if (BudgetSpent(user.Id, limiter, options) is { } spent)
        {
            return spent;
        }

        if (!limiter.TryAcquire("reauth|" + user.Id, out var retryAfter))
        {
            return TooMany(retryAfter);
        }

        // A user without a password (phone sign-up) fails here too, after the same hashing cost.
        if (hasher.Verify(password, user.PasswordHash))
        {
            return null;
        }

        CountFailure(user.Id, limiter, options);
        return Problems.Unauthorized(ErrorCodes.InvalidCredentials, "The password is incorrect.");
    }

    /// <summary>429 with the wait when the account's step-up budget is spent, else null.</summary>
    public static ProblemResult? BudgetSpent(string userId, AttemptLimiter limiter, EmulatorOptions options) =>
        limiter.IsExhausted(BudgetKey(userId), options.StepUpFailureLimit, options.StepUpWindow, out var retryAfter) ? TooMany(retryAfter) : null;

    public static void CountFailure(string userId, AttemptLimiter limiter, EmulatorOptions options) =>
        limiter.CountFailure(BudgetKey(userId), options.StepUpWindow);

    private static string BudgetKey(string userId) => "step-up-failures|" + userId;

    private static ProblemResult TooMany(TimeSpan retryAfter) =>
        Problems.RetryLater(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, "Too many wrong answers; wait and try again.", retryAfter);
}
