using Lamba.AspNetCore.Client;
using Refit;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// The id-host calls that create, rotate and end a session. Registered without the session bearer:
/// refresh carries no bearer at all, and the others take the token explicitly because the session
/// being established (or ended) is not necessarily the one in the cookies.
/// </summary>
public interface ISessionApi
{
    [Post("/v1/auth/refresh")]
    Task<LambaTokens> RefreshAsync([Body] RefreshRequest body, CancellationToken cancellationToken);

    [Post("/v1/sessions/switch-context")]
    Task<LambaTokens> SwitchContextAsync(
        [Authorize("Bearer")] string accessToken, [Body] SwitchContextRequest body, CancellationToken cancellationToken);

    [Post("/v1/auth/logout")]
    Task LogoutAsync([Authorize("Bearer")] string accessToken, [Body] LogoutRequest body, CancellationToken cancellationToken);
}

public sealed record RefreshRequest(string RefreshToken)
{
    public override string ToString() => nameof(RefreshRequest);
}

public sealed record SwitchContextRequest(string WorkspaceId, string ProjectId, string Environment);

public sealed record LogoutRequest(string? RefreshToken)
{
    public override string ToString() => nameof(LogoutRequest);
}
