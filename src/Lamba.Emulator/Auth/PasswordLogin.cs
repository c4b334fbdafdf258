using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record PasswordLoginRequest(string? Login, string? Password, string? MfaCode, string? InvitationToken);

/// <summary><c>POST /v1/auth/login/password</c>: one answer for unknown login and wrong password, same cost for both.</summary>
public static class PasswordLogin
{
    public static readonly string[] Factors = ["totp"];

    public static async Task<IResult> HandleAsync(
        PasswordLoginRequest body,
        HttpContext httpContext,
        LambaDb db,
        PasswordHasher hasher,
        AttemptLimiter limiter,
        LoginLockout lockout,
        MfaVerifier mfa,
        SignInService signIn,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Login))
        {
            errors.Add("login", "Enter your email or username.");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add("password", "Enter your password.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var login = body.Login!.Trim();
        if (!limiter.TryAcquire($"login|{httpContext.Connection.RemoteIpAddress}|{login.ToLowerInvariant()}", out var retryAfter))
        {
            return Problems.RetryLater(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, "Too many sign-in attempts; wait and try again.", retryAfter);
        }

        var user = await FindByLoginAsync(db, login, cancellationToken);
        var now = clock.GetUtcNow();
        if (user?.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return LoginLockout.Locked(lockedUntil, now);
        }

        // Verify runs the full PBKDF2 even for an unknown user, so the answer takes the same time.
        if (!hasher.Verify(body.Password!, user?.PasswordHash) || user is null)
        {
            return await FailAsync(user, ErrorCodes.InvalidCredentials, "The email, username or password is incorrect.");
        }

        if (user.TotpEnabled)
        {
            if (string.IsNullOrWhiteSpace(body.MfaCode))
            {
                return Problems.Unauthorized(ErrorCodes.MfaRequired, "Enter the code from your authenticator app.").With("factors", Factors);
            }

            if (!await mfa.VerifyAsync(user.Id, user.TotpSecret, body.MfaCode, cancellationToken))
            {
                return await FailAsync(user, ErrorCodes.MfaCodeInvalid, "That code is not valid. Try a new one.");
            }
        }

        await lockout.ClearAsync(user.Id, cancellationToken);
        var (pair, problem) = await signIn.CompleteAsync(user, user.TotpEnabled ? "mfa" : "password", body.InvitationToken, httpContext, cancellationToken);
        return pair is null ? problem! : Results.Ok(pair);

        async Task<IResult> FailAsync(User? failed, string errorCode, string detail)
        {
            if (failed is not null && await lockout.RecordFailureAsync(failed.Id, cancellationToken) is { } until)
            {
                return LoginLockout.Locked(until, clock.GetUtcNow());
            }

            return Problems.Unauthorized(errorCode, detail);
        }
    }

    /// <summary>A login is an email, a username or an E.164 phone number.</summary>
    public static Task<User?> FindByLoginAsync(LambaDb db, string login, CancellationToken cancellationToken)
    {
        var normalized = login.Trim().ToLowerInvariant();
        return db.Users.FirstOrDefaultAsync(u => u.Email == normalized || u.Username == normalized || u.Phone == normalized, cancellationToken);
    }
}
