namespace Lamba.Emulator.Me;

/// <summary>
/// Audit actions of the self-service surface. Like sign-ins they are about the account, not a Project, so they
/// land where <see cref="Infrastructure.AuditWriter"/> puts account events (the default Project).
/// </summary>
public static class SelfServiceActions
{
    public const string ProfileUpdated = "user.profile_updated";
    public const string EmailChanged = "user.email_changed";
    public const string PasswordChanged = "user.password_changed";
    public const string MfaEnabled = "user.mfa_enabled";
    public const string MfaDisabled = "user.mfa_disabled";
}
