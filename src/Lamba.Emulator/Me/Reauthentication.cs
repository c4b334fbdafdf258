using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Me;

/// <summary>
/// Confirms the signed-in user's current password before a sensitive change (email, password). Attempts are
/// rate-limited per user, so a stolen access token cannot be used to guess the password at full speed.
/// </summary>
public static class Reauthentication
{
    public static ProblemResult? Check(User user, string password, PasswordHasher hasher, AttemptLimiter limiter)
    {
        if (!limiter.TryAcquire("reauth|" + user.Id, out var retryAfter))
        {
            return Problems.RetryLater(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, "Too many password checks; wait and try again.", retryAfter);
        }

        // A user without a password (phone sign-up) fails here too, after the same hashing cost.
        return hasher.Verify(password, user.PasswordHash)
            ? null
            : Problems.Unauthorized(ErrorCodes.InvalidCredentials, "The password is incorrect.");
    }
}
