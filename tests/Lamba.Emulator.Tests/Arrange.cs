using Microsoft.Extensions.DependencyInjection;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Lamba.Emulator.Tests;

/// <summary>State that other surfaces (admin invitations, profile edits, MFA enrollment) normally create, written straight to the store.</summary>
public static class Arrange
{
    public static string TotpNow(TestEmulator emulator, string secret = SeedData.MfaSecret) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(emulator.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates a pending invitation and returns its plain token.</summary>
    public static async Task<string> InvitationAsync(
        TestEmulator emulator, string email, string projectId = SeedData.BackOfficeId, string environment = "test", string role = "support", TimeSpan? expiresIn = null)
    {
        var token = Secrets.NewToken();
        var now = emulator.Clock.GetUtcNow();
        await emulator.WithDbAsync(async db =>
        {
            db.Invitations.Add(new Invitation
            {
                Id = Ids.New("inv"),
                ProjectId = projectId,
                Environment = environment,
                Email = email,
                RoleKeys = [role],
                InvitedBy = SeedData.OwnerId,
                CreatedAt = now,
                ExpiresAt = now + (expiresIn ?? TimeSpan.FromDays(7)),
                TokenHash = Secrets.Hash(token),
            });
            await db.SaveChangesAsync();
        });
        return token;
    }

    public static Task RecoveryCodeAsync(TestEmulator emulator, string userId, string code) =>
        emulator.WithDbAsync(async db =>
        {
            db.RecoveryCodes.Add(new RecoveryCode
            {
                Id = Ids.New("rcv"),
                UserId = userId,
                CodeHash = emulator.Running.Services.GetRequiredService<PasswordHasher>().HashSet([Auth.MfaVerifier.NormalizeRecoveryCode(code)])[0],
                CreatedAt = emulator.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });

    public static Task PhoneAsync(TestEmulator emulator, string userId, string phone) =>
        emulator.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Phone, phone)));
}
