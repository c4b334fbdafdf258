using System.Security.Cryptography;
using Lamba.Emulator.Auth;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Lamba.Emulator.Me;

public sealed record TotpState(bool Enabled, DateTimeOffset? EnrolledAt);

public sealed record MfaState(TotpState Totp, int RecoveryCodesRemaining);

public sealed record SecurityView(DateTimeOffset? PasswordSetAt, MfaState Mfa, DateTimeOffset? LastLoginAt);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

public sealed record TotpEnrollment(string Secret, string OtpauthUri);

public sealed record TotpCodeRequest(string? Code);

public sealed record RecoveryCodeIssue(IReadOnlyList<string> RecoveryCodes);

/// <summary><c>/v1/me/security</c>: the security overview, password change and the TOTP factor with its recovery codes.</summary>
public static class Security
{
    /// <summary>[ours] How many other sessions a password change or MFA disable ended, so clients can say so.</summary>
    public const string SessionsEndedHeader = "X-Lamba-Sessions-Ended";

    public const string TotpIssuer = "Lamba Emulator";
    public const int RecoveryCodeCount = 10;

    /// <summary>No 0/o or 1/l look-alikes: codes get read off paper.</summary>
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static async Task<IResult> GetAsync(Caller caller, LambaDb db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        var remaining = user.TotpEnabled
            ? await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt == null, cancellationToken)
            : 0;
        return Results.Ok(new SecurityView(
            user.PasswordSetAt,
            new MfaState(new TotpState(user.TotpEnabled, user.TotpEnabled ? user.TotpEnrolledAt : null), remaining),
            user.LastLoginAt));
    }

    /// <summary>204; every other session of the user ends (contract section 2), the current one stays signed in.</summary>
    public static async Task<IResult> ChangePasswordAsync(
        PasswordChangeRequest body,
        Caller caller,
        HttpContext httpContext,
        LambaDb db,
        PasswordHasher hasher,
        AttemptLimiter limiter,
        EmulatorOptions options,
        SessionService sessions,
        AuditWriter audit,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(body.CurrentPassword))
        {
            errors.Add("currentPassword", "Enter your current password.");
        }

        FieldRules.CheckPassword(errors, "newPassword", body.NewPassword);
        if (errors.IsEmpty && body.NewPassword == body.CurrentPassword)
        {
            errors.Add("newPassword", "Choose a password different from the current one.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        if (Reauthentication.Check(user, body.CurrentPassword!, hasher, limiter, options) is { } denied)
        {
            return denied;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.PasswordHash = hasher.Hash(body.NewPassword!);
        user.PasswordSetAt = now;
        user.UpdatedAt = now;
        audit.Record(SelfServiceActions.PasswordChanged, user.Id, user.Id, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        var ended = await sessions.RevokeUserSessionsAsync(user.Id, caller.SessionId, RevokeReasons.PasswordChanged, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SessionsEnded(httpContext, ended);
    }

    /// <summary>Hands out a fresh secret; it stays pending (MFA off) until a code from it is verified. Starting again replaces it.</summary>
    public static async Task<IResult> StartTotpAsync(Caller caller, LambaDb db, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        if (user.TotpEnabled)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "Two-step verification is already on; turn it off before enrolling a new authenticator.");
        }

        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        user.TotpPendingSecret = secret;
        await db.SaveChangesAsync(cancellationToken);
        var account = user.Email ?? user.Username ?? user.Phone ?? user.Id;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(TotpIssuer)}:{Uri.EscapeDataString(account)}"
            + $"?secret={secret}&issuer={Uri.EscapeDataString(TotpIssuer)}&algorithm=SHA1&digits=6&period=30";
        return Results.Ok(new TotpEnrollment(secret, uri));
    }

    /// <summary>A code from the pending secret turns MFA on and answers ten single-use recovery codes, shown this once and stored hashed.</summary>
    public static async Task<IResult> VerifyTotpAsync(
        TotpCodeRequest body, Caller caller, LambaDb db, PasswordHasher hasher, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        if (user.TotpEnabled)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "Two-step verification is already on.");
        }

        if (user.TotpPendingSecret is not { } pending)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "Start enrolment first (POST /v1/me/security/mfa/totp).");
        }

        if (string.IsNullOrWhiteSpace(body.Code))
        {
            return Problems.Validation("code", "Enter the code from your authenticator app.");
        }

        var now = clock.GetUtcNow();
        if (!MfaVerifier.MatchesTotp(pending, body.Code.Trim(), now, out var step))
        {
            return Problems.Unauthorized(ErrorCodes.MfaCodeInvalid, "That code is not valid. Try a new one.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional on the same pending secret: a parallel verify or a restarted enrolment cannot both win.
        var enabled = await db.Users
            .Where(u => u.Id == user.Id && !u.TotpEnabled && u.TotpPendingSecret == pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(u => u.TotpSecret, pending)
                    .SetProperty(u => u.TotpEnabled, true)
                    .SetProperty(u => u.TotpEnrolledAt, (DateTimeOffset?)now)
                    .SetProperty(u => u.TotpPendingSecret, (string?)null)
                    // The enrolment code cannot be replayed at login.
                    .SetProperty(u => u.TotpLastUsedStep, (long?)step)
                    .SetProperty(u => u.UpdatedAt, now),
                cancellationToken);
        if (enabled == 0)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "The enrolment changed meanwhile; start again.");
        }

        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        db.RecoveryCodes.AddRange(hasher.HashSet(codes.Select(MfaVerifier.NormalizeRecoveryCode)).Select(hash => new RecoveryCode
        {
            Id = Ids.New("rcv"),
            UserId = user.Id,
            CodeHash = hash,
            CreatedAt = now,
        }));
        audit.Record(SelfServiceActions.MfaEnabled, user.Id, user.Id, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(new RecoveryCodeIssue(codes));
    }

    /// <summary>
    /// Needs a current TOTP code or an unused recovery code. Like a password change it ends every other session and
    /// keeps the current one [ours: the contract says MFA disable ends "the session"; ending the caller's own session
    /// would sign them out in the middle of their settings page, while the sessions a thief may hold are the others].
    /// </summary>
    public static async Task<IResult> DisableTotpAsync(
        [FromBody] TotpCodeRequest body,
        Caller caller,
        HttpContext httpContext,
        LambaDb db,
        MfaVerifier mfa,
        AttemptLimiter limiter,
        EmulatorOptions options,
        SessionService sessions,
        AuditWriter audit,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Code))
        {
            return Problems.Validation("code", "Enter a code from your authenticator app, or a recovery code.");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        if (!user.TotpEnabled)
        {
            return Problems.Conflict(ErrorCodes.Conflict, "Two-step verification is not on.");
        }

        if (Reauthentication.BudgetSpent(user.Id, limiter, options) is { } spent)
        {
            return spent;
        }

        if (!await mfa.VerifyAsync(user.Id, user.TotpSecret, body.Code, cancellationToken))
        {
            Reauthentication.CountFailure(user.Id, limiter, options);
            return Problems.Unauthorized(ErrorCodes.MfaCodeInvalid, "That code is not valid. Try a new one.");
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Users
            .Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(u => u.TotpEnabled, false)
                    .SetProperty(u => u.TotpSecret, (string?)null)
                    .SetProperty(u => u.TotpEnrolledAt, (DateTimeOffset?)null)
                    .SetProperty(u => u.TotpPendingSecret, (string?)null)
                    .SetProperty(u => u.UpdatedAt, now),
                cancellationToken);
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        audit.Record(SelfServiceActions.MfaDisabled, user.Id, user.Id, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        var ended = await sessions.RevokeUserSessionsAsync(user.Id, caller.SessionId, RevokeReasons.MfaDisabled, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SessionsEnded(httpContext, ended);
    }

    /// <summary>204 with <see cref="SessionsEndedHeader"/>.</summary>
    public static IResult SessionsEnded(HttpContext httpContext, int ended)
    {
        httpContext.Response.Headers[SessionsEndedHeader] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.NoContent();
    }

    /// <summary>Ten characters (about 49 bits) shown as <c>xxxxx-xxxxx</c>; the dash and case do not matter when typed back.</summary>
    private static string NewRecoveryCode()
    {
        var chars = RandomNumberGenerator.GetString(RecoveryAlphabet, 10);
        return chars[..5] + "-" + chars[5..];
    }
}
