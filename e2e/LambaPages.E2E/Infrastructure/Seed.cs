using OtpNet;

namespace LambaPages.E2E.Infrastructure;

/// <summary>The emulator's fixed seed (contract section 9), restored by every journey's reset.</summary>
public static class Seed
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string Owner = "owner@acme.test";
    public const string Admin = "admin@acme.test";
    public const string Support = "support@acme.test";
    public const string Viewer = "viewer@acme.test";
    public const string Mfa = "mfa@acme.test";
    public const string MfaSecret = "JBSWY3DPEHPK3PXP";
    public const string WorkspaceName = "Acme";
    public const string ProjectName = "Storefront";

    /// <summary>
    /// A TOTP code for <paramref name="base32Secret"/> that stays valid for at least three seconds: near the end
    /// of a 30 s step it waits for the next one, so a slow submit cannot straddle the boundary.
    /// </summary>
    public static async Task<string> FreshTotpAsync(string base32Secret = MfaSecret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(base32Secret));
        var remaining = totp.RemainingSeconds();
        if (remaining < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(remaining) + TimeSpan.FromMilliseconds(250));
        }

        return totp.ComputeTotp();
    }
}
