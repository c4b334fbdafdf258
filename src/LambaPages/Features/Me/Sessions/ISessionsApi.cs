using LambaPages.Lamba;
using Refit;

namespace LambaPages.Features.Me.Sessions;

/// <summary>The api-host calls of the Sessions slice: the user's own sign-in sessions, and ending them.</summary>
public interface ISessionsApi
{
    [Get("/v1/me/sessions")]
    Task<LambaList<SessionItem>> GetSessionsAsync(CancellationToken cancellationToken);

    /// <summary>204; 404 when the session is not the caller's (or no longer exists).</summary>
    [Delete("/v1/me/sessions/{sessionId}")]
    Task EndSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends every session of the user except the calling one.</summary>
    [Delete("/v1/me/sessions")]
    Task EndOtherSessionsAsync(CancellationToken cancellationToken);
}

/// <summary>One session as GET /v1/me/sessions lists it (contract section 4).</summary>
public sealed record SessionItem(
    string Id,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    string? UserAgent,
    string? IpAddress,
    bool Current,
    ActiveProjectRef? ActiveProject);
