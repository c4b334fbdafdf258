using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Register;

/// <summary>The id-host calls of the Register slice. Registered without the session bearer: a new user has none yet.</summary>
[LambaApi(LambaHost.Id, LambaAuth.None)]
public interface IRegisterApi
{
    /// <summary>
    /// 202 (no body) when Lamba emailed a sign-up link, or a note to an address that already has an account: the two
    /// are alike on purpose. 201 with tokens when an invitation already proved the address. Read as a raw response
    /// because the two successes have different bodies.
    /// </summary>
    [Post("/v1/auth/register")]
    Task<HttpResponseMessage> RegisterAsync([Body] RegisterRequest body, CancellationToken cancellationToken);

    /// <summary>The emailed link's token: 201 with tokens, the account now exists.</summary>
    [Post("/v1/auth/register/verify")]
    Task<LambaTokens> VerifyAsync([Body] RegisterVerifyRequest body, CancellationToken cancellationToken);
}

/// <summary>Body of POST /v1/auth/register; optional fields are left out when empty.</summary>
public sealed record RegisterRequest(string Email, string Password, string? DisplayName, string? Username, string? InvitationToken)
{
    public override string ToString() => nameof(RegisterRequest);
}

public sealed record RegisterVerifyRequest(string Token)
{
    public override string ToString() => nameof(RegisterVerifyRequest);
}
