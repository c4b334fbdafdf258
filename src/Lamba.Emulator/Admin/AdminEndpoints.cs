using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Admin;

/// <summary>
/// The admin surface (contract section 5). Every route acts on the token's active Project environment and needs
/// one permission: 403 <c>CONTEXT_REQUIRED</c> without a context, 403 <c>AUTHORIZATION_DENIED</c> without the permission.
/// </summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/v1/admin");
        admin.MapGet("/members", Members.ListAsync).RequirePermission(PermissionKeys.MembersRead);
        admin.MapGet("/members/{userId}", Members.GetAsync).RequirePermission(PermissionKeys.MembersRead);
        admin.MapPatch("/members/{userId}", Members.UpdateAsync).RequirePermission(PermissionKeys.MembersWrite);
        admin.MapDelete("/members/{userId}", Members.RemoveAsync).RequirePermission(PermissionKeys.MembersWrite);

        admin.MapGet("/invitations", Invitations.ListAsync).RequirePermission(PermissionKeys.InvitationsRead);
        admin.MapPost("/invitations", Invitations.CreateAsync).RequirePermission(PermissionKeys.InvitationsWrite);
        admin.MapPost("/invitations/{invitationId}/resend", Invitations.ResendAsync).RequirePermission(PermissionKeys.InvitationsWrite);
        admin.MapDelete("/invitations/{invitationId}", Invitations.RevokeAsync).RequirePermission(PermissionKeys.InvitationsWrite);

        admin.MapGet("/roles", RoleCatalog.ListRolesAsync).RequirePermission(PermissionKeys.RolesRead);
        admin.MapGet("/permissions", RoleCatalog.ListPermissionsAsync).RequirePermission(PermissionKeys.RolesRead);

        admin.MapGet("/sessions", AdminSessions.ListAsync).RequirePermission(PermissionKeys.SessionsRead);
        admin.MapDelete("/sessions/{sessionId}", AdminSessions.RevokeAsync).RequirePermission(PermissionKeys.SessionsRevoke);

        admin.MapGet("/audit-events", AuditLog.ListAsync).RequirePermission(PermissionKeys.AuditRead);
        return admin;
    }
}
