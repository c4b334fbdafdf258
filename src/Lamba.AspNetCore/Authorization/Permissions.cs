namespace Lamba.AspNetCore.Authorization;

/// <summary>
/// The admin permission names Lamba grants through roles (contract section 5). One policy per permission, named
/// after it, so <c>[Authorize(Policy = Permissions.MembersRead)]</c> reads as the permission it needs.
/// </summary>
public static class Permissions
{
    public const string MembersRead = "members:read";
    public const string MembersWrite = "members:write";
    public const string InvitationsRead = "invitations:read";
    public const string InvitationsWrite = "invitations:write";
    public const string RolesRead = "roles:read";
    public const string SessionsRead = "sessions:read";
    public const string SessionsRevoke = "sessions:revoke";
    public const string AuditRead = "audit:read";

    /// <summary>The folder policy of /Admin: signed in and holding at least one admin permission.</summary>
    public const string AdminArea = "admin-area";

    public static readonly IReadOnlyList<string> All =
    [
        MembersRead, MembersWrite, InvitationsRead, InvitationsWrite, RolesRead, SessionsRead, SessionsRevoke, AuditRead,
    ];
}
