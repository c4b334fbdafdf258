using Lamba.AspNetCore.Client;
using Lamba.AspNetCore;
using System.Text.Json.Serialization;
using Refit;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>The api-host calls of the authenticator-app (TOTP) slice: enrol, confirm, disable.</summary>
[LambaApi(LambaHost.Api)]
public interface ITotpApi
{
    /// <summary>A new pending secret; MFA is not on until a code from it is confirmed.</summary>
    [Post("/v1/me/security/mfa/totp")]
    Task<TotpEnrolment> StartEnrolmentAsync(CancellationToken cancellationToken);

    [Post("/v1/me/security/mfa/totp/verify")]
    Task<RecoveryCodes> ConfirmEnrolmentAsync([Body] TotpCodeRequest body, CancellationToken cancellationToken);

    /// <summary>The code is a current authenticator code or an unused recovery code; 204 with X-Lamba-Sessions-Ended.</summary>
    [Delete("/v1/me/security/mfa/totp")]
    Task<IApiResponse> DisableAsync([Body] TotpCodeRequest body, CancellationToken cancellationToken);
}

public sealed record TotpEnrolment(string Secret, string? OtpauthUri)
{
    public override string ToString() => nameof(TotpEnrolment);
}

/// <summary>The answer to a confirmed enrolment: the one-time recovery codes, shown to the user once.</summary>
public sealed record RecoveryCodes([property: JsonPropertyName("recoveryCodes")] IReadOnlyList<string>? Codes)
{
    public override string ToString() => nameof(RecoveryCodes);
}

public sealed record TotpCodeRequest(string Code)
{
    public override string ToString() => nameof(TotpCodeRequest);
}
