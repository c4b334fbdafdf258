using LambaPages.Lamba;
using Refit;

namespace LambaPages.Features.MagicLink;

/// <summary>The id-host calls of the MagicLink slice. Registered without the session bearer: the user is signing in.</summary>
public interface IMagicLinkApi
{
    /// <summary>202 whether or not the email is known (contract section 3).</summary>
    [Post("/v1/auth/magic-link/start")]
    Task StartAsync([Body] MagicLinkStartRequest body, CancellationToken cancellationToken);

    [Post("/v1/auth/magic-link/verify")]
    Task<LambaTokens> VerifyAsync([Body] MagicLinkVerifyRequest body, CancellationToken cancellationToken);
}

public sealed record MagicLinkStartRequest(string Email, Uri RedirectUri);

public sealed record MagicLinkVerifyRequest(string Token)
{
    public override string ToString() => nameof(MagicLinkVerifyRequest);
}
