using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Me;

/// <summary>The api host's self-service surface (contract section 4): profile, security, sessions, linked identities. No context needed.</summary>
public static class SelfServiceEndpoints
{
    public static RouteGroupBuilder MapSelfService(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/v1/me").RequireSession();
        me.MapGet("/profile", Profile.GetAsync);
        me.MapPatch("/profile", Profile.PatchAsync);
        me.MapPost("/profile/email", EmailChange.StartAsync);
        me.MapPost("/profile/email/verify", EmailChange.VerifyAsync);

        me.MapGet("/security", Security.GetAsync);
        me.MapPost("/security/password", Security.ChangePasswordAsync);
        me.MapPost("/security/mfa/totp", Security.StartTotpAsync);
        me.MapPost("/security/mfa/totp/verify", Security.VerifyTotpAsync);
        me.MapDelete("/security/mfa/totp", Security.DisableTotpAsync);

        me.MapGet("/sessions", MySessions.ListAsync);
        me.MapDelete("/sessions/{sessionId}", MySessions.RevokeAsync);
        me.MapDelete("/sessions", MySessions.RevokeOthersAsync);

        me.MapGet("/linked-identities", LinkedIdentities.ListAsync);
        return me;
    }
}
