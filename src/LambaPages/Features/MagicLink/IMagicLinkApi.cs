using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.MagicLink;

/// <summary>The id-host calls of the MagicLink slice. Registered without the session bearer: the user is signing in.</summary>
[LambaApi(LambaHost.Id, LambaAuth.None)]
public interface IMagicLinkApi
{
    /// <summary>202 whether or not the email is known (contract section 3).</summary>
    [Post("/v1/auth/magic-link/start")]
    Task<IApiResponse> StartAsync([Body] MagicLinkStartRequest body, CancellationToken cancellationToken);

    /// <summary>A refusal (spent link, MFA required) is an answer, not an exception.</summary>
    [Post("/v1/auth/magic-link/verify")]
    Task<IApiResponse<LambaTokens>> VerifyAsync([Body] MagicLinkVerifyRequest body, CancellationToken cancellationToken);
}

public sealed record MagicLinkStartRequest(string Email, Uri RedirectUri);

/// <summary>Body of POST /v1/auth/magic-link/verify; <see cref="MfaCode"/> only when Lamba asked for the second factor.</summary>
public sealed record MagicLinkVerifyRequest(string Token, string? MfaCode = null)
{
    public override string ToString() => nameof(MagicLinkVerifyRequest);
}
