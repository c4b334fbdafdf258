using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Login;

/// <summary>The id-host call of the Login slice. Registered without the session bearer: signing in has none yet.</summary>
[LambaApi(LambaHost.Id, LambaAuth.None)]
public interface ILoginApi
{
    /// <summary>A refusal (wrong password, MFA required, locked) is an answer, not an exception.</summary>
    [Post("/v1/auth/login/password")]
    Task<IApiResponse<LambaTokens>> LoginWithPasswordAsync([Body] PasswordLoginRequest body, CancellationToken cancellationToken);
}

/// <summary>
/// Body of POST /v1/auth/login/password; <see cref="MfaCode"/> only on the second try; <see cref="InvitationToken"/>
/// when the user came from an admin's invitation link (Lamba adds the membership).
/// </summary>
public sealed record PasswordLoginRequest(string Login, string Password, string? MfaCode, string? InvitationToken = null)
{
    public override string ToString() => nameof(PasswordLoginRequest);
}
