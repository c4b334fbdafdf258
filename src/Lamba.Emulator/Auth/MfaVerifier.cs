using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Lamba.Emulator.Auth;

/// <summary>
/// Checks a second-factor code: a TOTP code (one 30-second step of tolerance each way, and never the same step
/// twice) or an unused recovery code. Both are consumed with a conditional UPDATE, so a code works once even
/// under parallel requests.
/// </summary>
public sealed class MfaVerifier(LambaDb db, PasswordHasher hasher, EmulatorClock clock)
{
    public async Task<bool> VerifyAsync(string userId, string? totpSecret, string? code, CancellationToken cancellationToken)
    {
        code = code?.Trim() ?? "";
        if (code.Length == 0)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (totpSecret is not null && MatchesTotp(totpSecret, code, now, out var step))
        {
            var used = await db.Users
                .Where(u => u.Id == userId && (u.TotpLastUsedStep == null || u.TotpLastUsedStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastUsedStep, (long?)step), cancellationToken);
            return used == 1;
        }

        // Recovery codes are stored with a slow, salted hash (see PasswordHasher.HashSet): find the match in memory.
        var unused = await db.RecoveryCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.UsedAt == null)
            .Select(c => new { c.Id, c.CodeHash })
            .ToListAsync(cancellationToken);
        var match = hasher.IndexOfMatch(NormalizeRecoveryCode(code), unused.Select(c => c.CodeHash).ToList());
        if (match < 0)
        {
            return false;
        }

        var matchedId = unused[match].Id;
        var spent = await db.RecoveryCodes
            .Where(c => c.Id == matchedId && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, (DateTimeOffset?)now), cancellationToken);
        return spent == 1;
    }

    /// <summary>True when <paramref name="code"/> is the TOTP of <paramref name="secret"/> at <paramref name="now"/> (±1 step); gives the matched step.</summary>
    public static bool MatchesTotp(string secret, string code, DateTimeOffset now, out long step)
    {
        step = 0;
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out step, new VerificationWindow(previous: 1, future: 1));
    }

    /// <summary>Recovery codes are compared without dashes, spaces or case.</summary>
    public static string NormalizeRecoveryCode(string code) =>
        new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
}
