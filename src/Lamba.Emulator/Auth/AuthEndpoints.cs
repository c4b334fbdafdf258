using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Auth;

/// <summary>The id host surface (contract section 3).</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/v1/auth");
        auth.MapPost("/login/password", PasswordLogin.HandleAsync);
        auth.MapPost("/register", Register.HandleAsync);
        auth.MapPost("/register/verify", Register.VerifyAsync);
        auth.MapPost("/magic-link/start", MagicLink.StartAsync);
        auth.MapPost("/magic-link/verify", MagicLink.VerifyAsync);
        auth.MapPost("/phone/start", PhoneSignIn.StartAsync);
        auth.MapPost("/phone/verify", PhoneSignIn.VerifyAsync);
        auth.MapPost("/refresh", SessionTokens.RefreshAsync);
        auth.MapPost("/logout", SessionTokens.LogoutAsync);
        endpoints.MapPost("/v1/sessions/switch-context", SwitchContext.HandleAsync).RequireSession();
        return endpoints;
    }
}
