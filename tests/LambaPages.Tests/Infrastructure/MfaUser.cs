using Lamba.Emulator.Auth;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using LambaPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Infrastructure;

/// <summary>The seeded MFA user (mfa@acme.test, TOTP on), given what a test needs straight in the emulator's database.</summary>
internal static class MfaUser
{
    public const string Email = "mfa@acme.test";

    /// <summary>Gives mfa@acme.test a new phone number (as a profile change would) and returns it.</summary>
    public static async Task<string> GivePhoneAsync(PortalHost host)
    {
        var phone = Emulator.NewPhone();
        using var scope = host.Emulator.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LambaDb>();
        var changed = await db.Users.Where(u => u.Email == Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.Phone, phone));
        Assert.Equal(1, changed);
        return phone;
    }

    /// <summary>Adds an unused recovery code for mfa@acme.test (stored hashed, as enrolment stores them) and returns it.</summary>
    public static async Task<string> AddRecoveryCodeAsync(PortalHost host)
    {
        var code = "rcv-" + Guid.NewGuid().ToString("N")[..10];
        using var scope = host.Emulator.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LambaDb>();
        var userId = await db.Users.Where(u => u.Email == Email).Select(u => u.Id).SingleAsync();
        db.RecoveryCodes.Add(new RecoveryCode
        {
            Id = "rc_" + Guid.NewGuid().ToString("N"),
            UserId = userId,
            CodeHash = scope.ServiceProvider.GetRequiredService<PasswordHasher>().HashSet([MfaVerifier.NormalizeRecoveryCode(code)])[0],
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return code;
    }
}
