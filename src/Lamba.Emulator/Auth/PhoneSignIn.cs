using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record PhoneStartRequest(string? Phone);

public sealed record PhoneVerifyRequest(string? Phone, string? Code, string? MfaCode);

/// <summary>Phone sign-in: a 6-digit code valid 10 minutes and 5 tries, within a per-number budget of wrong codes and per-client and per-number send limits; verify signs in (or, if sign-up is open, creates) the phone's user, asking for the TOTP or recovery code when that user has MFA.</summary>
public static class PhoneSignIn
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static async Task<IResult> StartAsync(
        PhoneStartRequest body, HttpContext httpContext, LambaDb db, AttemptLimiter limiter, EmulatorOptions options, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var phone = body.Phone?.Trim();
        if (!FieldRules.IsE164(phone))
        {
            return Problems.Validation("phone", "Enter the number in international format, for example +15555550100.");
        }

        // Two send budgets against SMS pumping: per client (one client texting many numbers) and per number (many
        // clients texting one number). Both apply to any number alike, so a 429 says nothing about an account.
        var client = ClientAddress.Of(httpContext);
        if (!limiter.TryAcquire("phone-send|client|" + client, options.PhoneSendsPerClient, options.PhoneSendWindow, out var retryAfter)
            || !limiter.TryAcquire("phone-send|number|" + phone, options.PhoneSendsPerNumber, options.PhoneSendWindow, out retryAfter))
        {
            return Problems.RetryLater(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, "Too many codes requested; wait and try again.", retryAfter);
        }

        if (IsLocked(limiter, options, phone!, out _))
        {
            // Nothing to gain from a code nobody may try; the answer stays the same.
            return Results.Accepted();
        }

        // A code goes out when it can lead somewhere: a known phone, or open sign-up. The answer is the same either way.
        // The number's account, if any, says which language the SMS is in (one lookup either way).
        var account = await db.Users.Where(u => u.Phone == phone).Select(u => new { u.Locale }).FirstOrDefaultAsync(cancellationToken);
        if (options.RegistrationOpen || account is not null)
        {
            var now = clock.GetUtcNow();
            var code = Secrets.NewDigits(6);
            await db.PhoneCodes.Where(c => c.Phone == phone).ExecuteDeleteAsync(cancellationToken);
            db.PhoneCodes.Add(new PhoneCode
            {
                Id = Ids.New("phc"),
                Phone = phone!,
                CodeHash = HashCode(phone!, code),
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            });
            db.Outbox.Send(
                phone!,
                OutboxKinds.PhoneCode,
                OutboxTexts.Format(OutboxTexts.PhoneCode, OutboxTexts.LanguageFor(account?.Locale, httpContext), code),
                now,
                code: code);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Results.Accepted();
    }

    public static async Task<IResult> VerifyAsync(
        PhoneVerifyRequest body,
        HttpContext httpContext,
        LambaDb db,
        SignInService signIn,
        AttemptLimiter limiter,
        AuditWriter audit,
        EmulatorOptions options,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var phone = body.Phone?.Trim();
        var errors = new FieldErrors();
        if (!FieldRules.IsE164(phone))
        {
            errors.Add("phone", "Enter the number in international format, for example +15555550100.");
        }

        if (string.IsNullOrWhiteSpace(body.Code))
        {
            errors.Add("code", "Enter the code we sent.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var invalid = Problems.Unauthorized(ErrorCodes.OtpInvalid, "That code is not valid. Request a new one if it has expired.");
        var now = clock.GetUtcNow();
        if (IsLocked(limiter, options, phone!, out var lockedFor))
        {
            return Problems.RetryLater(StatusCodes.Status423Locked, ErrorCodes.AccountLocked, "Too many wrong codes for this number; wait a while and try again.", lockedFor);
        }

        var entry = await db.PhoneCodes.AsNoTracking()
            .Where(c => c.Phone == phone)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (entry is null || entry.ExpiresAt <= now)
        {
            return invalid;
        }

        // Every try is counted before the comparison, atomically, so even parallel guesses stop at five.
        var counted = await db.PhoneCodes
            .Where(c => c.Id == entry.Id && c.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken);
        if (counted == 0 || !Secrets.FixedTimeEquals(entry.CodeHash, HashCode(phone!, body.Code!.Trim())))
        {
            // Counted per number across codes: asking for a new code does not buy new guesses.
            limiter.CountFailure(OtpBudgetKey(phone!), options.OtpLockWindow);
            return invalid;
        }

        // The code is right; a user with MFA still needs the second factor. Until it is given, the code stays usable
        // and this try is handed back (a right code is not a guess), so the client can post it again with mfaCode.
        var user = await db.Users.FirstOrDefaultAsync(u => u.Phone == phone, cancellationToken);
        if (user is not null && await signIn.CheckSecondFactorAsync(user, body.MfaCode, ClientAddress.Of(httpContext), cancellationToken) is { } secondFactor)
        {
            await db.PhoneCodes
                .Where(c => c.Id == entry.Id && c.Attempts > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts - 1), cancellationToken);
            return secondFactor;
        }

        // Spent by a conditional DELETE: of parallel verifies of one code exactly one gets past here.
        if (await db.PhoneCodes.Where(c => c.Id == entry.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return invalid;
        }

        if (user is null)
        {
            if (!options.RegistrationOpen)
            {
                return invalid;
            }

            user = new User { Id = Ids.New("usr"), Phone = phone, CreatedAt = now, UpdatedAt = now };
            db.Users.Add(user);
            db.Memberships.Add(signIn.DefaultMembership(user.Id, now));
            audit.Record(AuditActions.UserRegistered, user.Id, user.Id, actorEmail: null);
        }

        var (pair, problem) = await signIn.CompleteAsync(user, "phone", null, httpContext, cancellationToken);
        return pair is null ? problem! : Results.Ok(pair);
    }

    /// <summary>
    /// Wrong codes per number, across codes [ours]: past <see cref="EmulatorOptions.OtpFailureLimit"/> in
    /// <see cref="EmulatorOptions.OtpLockWindow"/> the number answers 423 (five tries per code alone would allow tens
    /// of thousands of guesses a day by requesting new codes).
    /// </summary>
    private static bool IsLocked(AttemptLimiter limiter, EmulatorOptions options, string phone, out TimeSpan retryAfter) =>
        limiter.IsExhausted(OtpBudgetKey(phone), options.OtpFailureLimit, options.OtpLockWindow, out retryAfter);

    private static string OtpBudgetKey(string phone) => "otp-failures|" + phone;

    private static string HashCode(string phone, string code) => Secrets.Hash(phone + ":" + code);
}
