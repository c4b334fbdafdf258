using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Oidc;

/// <summary>
/// Admin access for a <c>client_credentials</c> management token: the App Client acts in the one Project
/// environment the token names, with the permissions of its management role there. Only admin routes ask.
/// </summary>
public sealed class ManagementAccess(OidcTokens tokens, LambaDb db, ContextAccess access)
{
    public async Task<AdminScope?> ResolveAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var header = httpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || await tokens.ReadManagementTokenAsync(header[7..].Trim()) is not { } claims)
        {
            return null;
        }

        var client = await db.AppClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == claims.ClientId, cancellationToken);
        if (client is null)
        {
            return null;
        }

        string[] roleKeys = [client.ManagementRoleKey];
        var permissions = await access.PermissionsOfAsync(claims.ProjectId, roleKeys, cancellationToken);
        // No session: the client's id stands where a user id would, so the audit log names who acted.
        var caller = new Caller(client.Id, SessionId: "", claims.WorkspaceId, claims.ProjectId, claims.Environment);
        return new AdminScope(caller, new ActiveContext(claims.WorkspaceId, claims.ProjectId, claims.Environment, roleKeys, permissions));
    }
}
