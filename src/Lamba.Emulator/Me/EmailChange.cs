using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

public sealed record EmailChangeStartRequest(string? NewEmail, string? Password);

public sealed record EmailChangeVerifyRequest(string? Code);

/// <summary>
/// <c>POST /v1/me/profile/email</c> sends a 6-digit code to the new address (valid 15 minutes, 5 tries);
/// <c>POST /v1/me/profile/email/verify</c> swaps the email once the code matches.
/// </summary>
public static class EmailChange
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static async Task<IResult> StartAsync(
        EmailChangeStartRequest body,
        Caller caller,
        LambaDb db,
        PasswordHasher hasher,
        AttemptLimiter limiter,
        EmulatorOptions options,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var newEmail = body.NewEmail is null ? null : FieldRules.NormalizeEmail(body.NewEmail);
        var errors = new FieldErrors();
        if (!FieldRules.IsEmail(newEmail))
        {
            errors.Add("newEmail", "Enter a valid email address.");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add("password", "Enter your current password.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        if (Reauthentication.Check(user, body.Password!, hasher, limiter, options) is { } denied)
        {
            return denied;
        }

        if (newEmail == user.Email)
        {
            return Problems.Validation("newEmail", "This is already your email address.");
        }

        if (await db.Users.AnyAsync(u => u.Email == newEmail, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists.");
        }

        // A new request replaces any earlier one: only the latest code works.
        await db.EmailChangeRequests.Where(r => r.UserId == user.Id && r.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var code = Secrets.NewDigits(6);
        var request = new EmailChangeRequest
        {
            Id = Ids.New("ecr"),
            UserId = user.Id,
            NewEmail = newEmail!,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        request.CodeHash = HashCode(request, code);
        db.EmailChangeRequests.Add(request);
        db.Outbox.Send(
            newEmail!,
            OutboxKinds.EmailCode,
            OutboxTexts.Format(OutboxTexts.EmailCode, OutboxTexts.LanguageFor(user.Locale, request: null), code),
            now,
            code: code);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Accepted();
    }

    /// <summary>
    /// A wrong, spent or expired code answers 400 <c>VALIDATION_FAILED</c> on <c>code</c> [ours]: on the api host a 401
    /// tells clients their session is bad (refresh, then sign out), which a typo is not.
    /// </summary>
    public static async Task<IResult> VerifyAsync(
        EmailChangeVerifyRequest body, Caller caller, LambaDb db, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Code))
        {
            return Problems.Validation("code", "Enter the code we sent to the new address.");
        }

        var invalid = Problems.Validation("code", "That code is not valid. Request a new one if it has expired.");
        var now = clock.GetUtcNow();
        var request = await db.EmailChangeRequests.AsNoTracking()
            .Where(r => r.UserId == caller.UserId && r.UsedAt == null)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (request is null || request.ExpiresAt <= now)
        {
            return invalid;
        }

        // Every try counts, atomically, so parallel guesses share the same five.
        var counted = await db.EmailChangeRequests
            .Where(r => r.Id == request.Id && r.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
        if (counted == 0 || !Secrets.FixedTimeEquals(request.CodeHash, HashCode(request, body.Code.Trim())))
        {
            return invalid;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var spent = await db.EmailChangeRequests
            .Where(r => r.Id == request.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, (DateTimeOffset?)now), cancellationToken);
        if (spent == 0)
        {
            return invalid;
        }

        if (await db.Users.AnyAsync(u => u.Email == request.NewEmail && u.Id != caller.UserId, cancellationToken))
        {
            // Someone signed up with the address after the code was sent.
            await transaction.CommitAsync(cancellationToken);
            return Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        var previous = user.Email;
        user.Email = request.NewEmail;
        user.EmailVerified = true;
        user.UpdatedAt = now;
        audit.Record(SelfServiceActions.EmailChanged, user.Id, user.Id, previous);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(ProfileView.Of(user));
    }

    private static string HashCode(EmailChangeRequest request, string code) => Secrets.Hash(request.Id + ":" + request.NewEmail + ":" + code);
}
