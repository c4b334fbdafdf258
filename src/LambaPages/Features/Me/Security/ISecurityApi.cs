using Lamba.AspNetCore.Client;
using Lamba.AspNetCore;
using Refit;

namespace LambaPages.Features.Me.Security;

/// <summary>The api-host calls of the Security slice: the summary and the password change.</summary>
[LambaApi(LambaHost.Api)]
public interface ISecurityApi
{
    [Get("/v1/me/security")]
    Task<SecuritySummary> GetSecurityAsync(CancellationToken cancellationToken);

    /// <summary>204 with X-Lamba-Sessions-Ended (how many other sessions ended); read as a raw response for that header.</summary>
    [Post("/v1/me/security/password")]
    Task<IApiResponse> ChangePasswordAsync([Body] ChangePasswordRequest body, CancellationToken cancellationToken);
}

/// <summary>GET /v1/me/security (contract section 4); every part optional.</summary>
public sealed record SecuritySummary(DateTimeOffset? PasswordSetAt, MfaSummary? Mfa, DateTimeOffset? LastLoginAt)
{
    public bool TotpEnabled => Mfa?.Totp?.Enabled == true;
}

public sealed record MfaSummary(TotpSummary? Totp, int? RecoveryCodesRemaining);

public sealed record TotpSummary(bool Enabled, DateTimeOffset? EnrolledAt);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword)
{
    public override string ToString() => nameof(ChangePasswordRequest);
}
