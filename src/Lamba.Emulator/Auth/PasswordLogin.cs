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
        var client = ClientAddress.Of(httpContext);
        var subject = LoginLockout.SubjectOf(user, login);

        // The full PBKDF2 runs first for every request, unknown user and locked account included, so neither the
        // answer nor its timing tells a locked account from an unknown one or a wrong password.
        var passwordRight = hasher.Verify(body.Password!, user?.PasswordHash) && user is not null;
        if (await lockout.LockedUntilAsync(subject, client, cancellationToken) is { } lockedUntil)
        {
            return LoginLockout.Locked(lockedUntil, clock.GetUtcNow());
        }

        if (!passwordRight)
        {
            return await lockout.RecordFailureAsync(subject, client, user, cancellationToken) is { } until
                ? LoginLockout.Locked(until, clock.GetUtcNow())
                : Problems.Unauthorized(ErrorCodes.InvalidCredentials, "The email, username or password is incorrect.");
        }

        // The second factor is the same step as on magic-link and phone sign-in: one implementation.
        if (await signIn.CheckSecondFactorAsync(user!, body.MfaCode, client, cancellationToken) is { } secondFactorRefused)
        {
            return secondFactorRefused;
        }

        await lockout.ClearAsync(subject, client, cancellationToken);
        var (pair, problem) = await signIn.CompleteAsync(user!, user!.TotpEnabled ? "mfa" : "password", body.InvitationToken, httpContext, cancellationToken);
        return pair is null ? problem! : Results.Ok(pair);
    }

    /// <summary>A login is an email, a username or an E.164 phone number.</summary>
    public static Task<User?> FindByLoginAsync(LambaDb db, string login, CancellationToken cancellationToken)
    {
        var normalized = login.Trim().ToLowerInvariant();
        return db.Users.FirstOrDefaultAsync(u => u.Email == normalized || u.Username == normalized || u.Phone == normalized, cancellationToken);
    }
}
