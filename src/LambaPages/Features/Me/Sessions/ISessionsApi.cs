using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Me.Sessions;

/// <summary>The api-host calls of the Sessions slice: the user's own sign-in sessions, and ending them.</summary>
[LambaApi(LambaHost.Api)]
public interface ISessionsApi
{
    [Get("/v1/me/sessions")]
    Task<LambaList<SessionItem>> GetSessionsAsync(int? limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>204; 404 when the session is not the caller's (or no longer exists).</summary>
    [Delete("/v1/me/sessions/{sessionId}")]
    Task EndSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends every session of the user except the calling one; 204 with X-Lamba-Sessions-Ended.</summary>
    [Delete("/v1/me/sessions")]
    Task<IApiResponse> EndOtherSessionsAsync(CancellationToken cancellationToken);
}

public static class SessionsApiExtensions
{
    /// <summary>Every page of the user's sessions (a person has a handful; the bound only stops a runaway cursor).</summary>
    public static async Task<IReadOnlyList<SessionItem>> GetAllSessionsAsync(this ISessionsApi api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var all = new List<SessionItem>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var list = await api.GetSessionsAsync(100, cursor, cancellationToken);
            all.AddRange(list.All);
            cursor = list.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        return all;
    }
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
