namespace Lamba.Emulator.Store;

/// <summary>A customer identity (<c>usr_</c>). Email, username and phone are each unique when present.</summary>
public sealed class User
{
    public string Id { get; set; } = "";

    /// <summary>Stored lowercased; null for a user created by phone sign-in.</summary>
    public string? Email { get; set; }

    public bool EmailVerified { get; set; }

    /// <summary>Stored lowercased (the allowed alphabet is a-z 0-9 . _ -).</summary>
    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>E.164, e.g. <c>+15555550100</c>.</summary>
    public string? Phone { get; set; }

    public string Locale { get; set; } = "en";

    public string TimeZone { get; set; } = "UTC";

    /// <summary>PBKDF2-SHA256, see <see cref="Infrastructure.PasswordHasher"/>; null when the user has no password.</summary>
    public string? PasswordHash { get; set; }

    public DateTimeOffset? PasswordSetAt { get; set; }

    /// <summary>Base32 TOTP secret of the enrolled authenticator.</summary>
    public string? TotpSecret { get; set; }

    public bool TotpEnabled { get; set; }

    public DateTimeOffset? TotpEnrolledAt { get; set; }

    /// <summary>Secret handed out by enrollment, promoted to <see cref="TotpSecret"/> once a code verifies.</summary>
    public string? TotpPendingSecret { get; set; }

    /// <summary>The last 30-second step a TOTP code was accepted for; a code for that step or earlier is a replay.</summary>
    public long? TotpLastUsedStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }
}

/// <summary>One MFA recovery code, hashed; <see cref="UsedAt"/> makes it single use.</summary>
public sealed class RecoveryCode
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>PBKDF2 of the normalized code (see <c>MfaVerifier.NormalizeRecoveryCode</c>), with a salt shared by the user's set (<see cref="Infrastructure.PasswordHasher.HashSet"/>).</summary>
    public string CodeHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>
/// A failed sign-in attempt; five within 15 minutes from one client lock that account for that client. Insert-only so
/// parallel failures all count.
/// </summary>
public sealed class LoginFailure
{
    public string Id { get; set; } = "";

    /// <summary>The user id, or <c>login:</c> and the login typed when no account has it (see <c>LoginLockout.SubjectOf</c>).</summary>
    public string Subject { get; set; } = "";

    /// <summary>See <see cref="Infrastructure.ClientAddress"/>.</summary>
    public string Client { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }
}

public sealed class LinkedIdentity
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public string Provider { get; set; } = "";

    public string Subject { get; set; } = "";

    public string? Email { get; set; }

    public DateTimeOffset LinkedAt { get; set; }
}
