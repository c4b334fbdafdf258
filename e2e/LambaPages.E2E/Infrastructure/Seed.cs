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
}
