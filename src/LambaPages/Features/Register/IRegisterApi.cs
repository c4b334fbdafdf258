using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Register;

/// <summary>The id-host call of the Register slice. Registered without the session bearer: a new user has none yet.</summary>
public interface IRegisterApi
{
    [Post("/v1/auth/register")]
    Task<LambaTokens> RegisterAsync([Body] RegisterRequest body, CancellationToken cancellationToken);
}

/// <summary>Body of POST /v1/auth/register; optional fields are left out when empty.</summary>
public sealed record RegisterRequest(string Email, string Password, string? DisplayName, string? Username, string? InvitationToken)
{
    public override string ToString() => nameof(RegisterRequest);
}
