namespace Lamba.Emulator.Store;

/// <summary>
/// A sign-in session (<c>ses_</c>). Access tokens carry its id and <see cref="Generation"/>; a token is
/// honoured only while the session is not revoked and its generation is current (switch-context bumps it).
/// </summary>
public sealed class Session
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>password, mfa, register, magic-link, phone.</summary>
    public string Method { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public string? UserAgent { get; set; }

    public string? IpAddress { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public string? WorkspaceId { get; set; }

    public string? ProjectId { get; set; }

    public string? Environment { get; set; }

    public long Generation { get; set; } = 1;

    /// <summary>The App Client whose authorization code opened the session; null for sessions opened through <c>/v1/auth</c>.
    /// <c>/connect/token</c> refreshes a session only for this client (RFC 6749 section 6).</summary>
    public string? ClientId { get; set; }
}

/// <summary>A refresh token, stored as its SHA-256 only. Rotation sets <see cref="RotatedAt"/> and issues a child.</summary>
public sealed class RefreshToken
{
    public string Id { get; set; } = "";

    public string SessionId { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    public string? ParentId { get; set; }
}

public static class RevokeReasons
{
    public const string Logout = "logout";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string PasswordChanged = "password_changed";
    public const string MfaDisabled = "mfa_disabled";
    public const string MembershipRemoved = "membership_removed";
    public const string RevokedByUser = "revoked_by_user";
    public const string RevokedByAdmin = "revoked_by_admin";
    public const string CodeReplayed = "authorization_code_replayed";
}
