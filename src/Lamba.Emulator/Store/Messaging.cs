using Lamba.Emulator.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Store;

/// <summary>The one way a route "sends" an email or SMS: the message lands in the outbox, stamped with the time it was sent.</summary>
public static class OutboxSending
{
    public static void Send(this DbSet<OutboxMessage> outbox, string to, string kind, string text, DateTimeOffset now, string? link = null, string? code = null) =>
        outbox.Add(new OutboxMessage { Id = Ids.New("msg"), To = to, Kind = kind, Text = text, Link = link, Code = code, CreatedAt = now });
}

/// <summary>What the emulator would have sent (email, SMS); read back through <c>GET /_emulator/outbox</c>.</summary>
public sealed class OutboxMessage
{
    public string Id { get; set; } = "";

    /// <summary>An email address or an E.164 phone number.</summary>
    public string To { get; set; } = "";

    /// <summary>See <see cref="OutboxKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public string Text { get; set; } = "";

    public string? Link { get; set; }

    public string? Code { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class OutboxKinds
{
    public const string MagicLink = "magic-link";
    public const string PhoneCode = "phone-code";
    public const string EmailCode = "email-code";
    public const string Invitation = "invitation";
    public const string SecurityAlert = "security-alert";
    public const string RegistrationLink = "registration-link";
    public const string RegistrationAttempt = "registration-attempt";
}

public sealed class MagicLinkToken
{
    public string Id { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public string Email { get; set; } = "";

    public string RedirectUri { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A sign-up waiting for its emailed link (<c>POST /v1/auth/register/verify</c>); the account exists only after that.</summary>
public sealed class PendingRegistration
{
    public string Id { get; set; } = "";

    public string TokenHash { get; set; } = "";

    /// <summary>Stored lowercased.</summary>
    public string Email { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? Username { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A phone sign-in code; a new start replaces the previous one. Five wrong tries spend it.</summary>
public sealed class PhoneCode
{
    public string Id { get; set; } = "";

    public string Phone { get; set; } = "";

    public string CodeHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int Attempts { get; set; }
}

/// <summary>A pending email change, confirmed by the code sent to the new address.</summary>
public sealed class EmailChangeRequest
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public string NewEmail { get; set; } = "";

    public string CodeHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>An invitation (<c>inv_</c>) into one Project environment, accepted by register or login with its token.</summary>
public sealed class Invitation
{
    public string Id { get; set; } = "";

    public string ProjectId { get; set; } = "";

    public string Environment { get; set; } = "";

    /// <summary>Stored lowercased.</summary>
    public string Email { get; set; } = "";

    public List<string> RoleKeys { get; set; } = [];

    /// <summary>Stored status; use <see cref="StatusAt"/> to see <c>expired</c>.</summary>
    public string Status { get; set; } = InvitationStatus.Pending;

    /// <summary>The inviting user's id.</summary>
    public string InvitedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string TokenHash { get; set; } = "";

    public DateTimeOffset? AcceptedAt { get; set; }

    public string? AcceptedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A pending invitation past its expiry reads as <c>expired</c>.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == InvitationStatus.Pending && ExpiresAt <= now ? InvitationStatus.Expired : Status;
}

public static class InvitationStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
}

/// <summary>Who did what, when (<c>evt_</c>), per Project environment; sign-ins land in the default Project.</summary>
public sealed class AuditEvent
{
    public string Id { get; set; } = "";

    public string? WorkspaceId { get; set; }

    public string? ProjectId { get; set; }

    public string? Environment { get; set; }

    public string? ActorUserId { get; set; }

    public string? ActorEmail { get; set; }

    public string Action { get; set; } = "";

    public string? Target { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string TraceId { get; set; } = "";
}

public static class AuditActions
{
    public const string UserSignedIn = "user.signed_in";
    public const string UserRegistered = "user.registered";
    public const string InvitationAccepted = "invitation.accepted";
    public const string ContextSwitched = "session.context_switched";
    public const string SessionRevoked = "session.revoked";
}
