using Lamba.AspNetCore.Client;
using Lamba.AspNetCore;
using LambaPages.Features.Me.Profile;
using Refit;

namespace LambaPages.Features.Me.Email;

/// <summary>The api-host calls of the email-change slice: start (code sent to the new address), then verify.</summary>
[LambaApi(LambaHost.Api)]
public interface IEmailApi
{
    [Post("/v1/me/profile/email")]
    Task StartEmailChangeAsync([Body] StartEmailChangeRequest body, CancellationToken cancellationToken);

    [Post("/v1/me/profile/email/verify")]
    Task<UserProfile> VerifyEmailChangeAsync([Body] VerifyEmailChangeRequest body, CancellationToken cancellationToken);
}

public sealed record StartEmailChangeRequest(string NewEmail, string Password)
{
    public override string ToString() => nameof(StartEmailChangeRequest);
}

public sealed record VerifyEmailChangeRequest(string Code)
{
    public override string ToString() => nameof(VerifyEmailChangeRequest);
}
