using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Phone;

/// <summary>The id-host calls of the Phone slice. Registered without the session bearer: the user is signing in.</summary>
[LambaApi(LambaHost.Id, LambaAuth.None)]
public interface IPhoneApi
{
    /// <summary>202 whether or not the number is known (contract section 3).</summary>
    [Post("/v1/auth/phone/start")]
    Task<IApiResponse> StartAsync([Body] PhoneStartRequest body, CancellationToken cancellationToken);

    /// <summary>A refusal (wrong code, MFA required) is an answer, not an exception.</summary>
    [Post("/v1/auth/phone/verify")]
    Task<IApiResponse<LambaTokens>> VerifyAsync([Body] PhoneVerifyRequest body, CancellationToken cancellationToken);
}

public sealed record PhoneStartRequest(string Phone);

/// <summary>Body of POST /v1/auth/phone/verify; <see cref="MfaCode"/> only when Lamba asked for the second factor.</summary>
public sealed record PhoneVerifyRequest(string Phone, string Code, string? MfaCode = null)
{
    public override string ToString() => nameof(PhoneVerifyRequest);
}
