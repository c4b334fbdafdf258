using System.Net;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.SharedState;
using Refit;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// This request's view of the browser's Lamba session (scoped: one per request). Reads the cookies once,
/// holds the tokens in memory as they change (a refresh mid-request is seen by the next upstream call), and
/// writes the final state back as cookies when the response starts, which also survives the exception
/// handler clearing the response.
/// </summary>
public sealed class LambaSession(
    IHttpContextAccessor httpContextAccessor,
    SessionCookies cookies,
    RefreshSingleFlight refreshes,
    SharedRefresh sharedRefresh,
    ISessionApi sessionApi,
    IEnumerable<ISessionTokensObserver> observers,
    TimeProvider timeProvider,
    LambaMetrics metrics,
    ILogger<LambaSession> logger)
{
    private readonly HttpContext? httpContext = httpContextAccessor.HttpContext;
    private readonly Lock gate = new();
    private bool loaded;
    private bool writeScheduled;
    private StoredToken? access;
    private StoredToken? refresh;

    /// <summary>The session of the request being served, for code that is not resolved in its scope (pooled handlers).</summary>
    public static LambaSession? Current(HttpContext? context) => context?.RequestServices.GetService<LambaSession>();

    /// <summary>A refresh token the browser holds and Lamba has not said is expired: the user is signed in.</summary>
    public bool IsActive
    {
        get
        {
            lock (gate)
            {
                Load();
                return refresh is { } token && (token.ExpiresAt is null || token.ExpiresAt > timeProvider.GetUtcNow());
            }
        }
    }

    public string? AccessToken
    {
        get
        {
            lock (gate)
            {
                Load();
                return access?.Token;
            }
        }
    }

    /// <summary>The portal's id for this sign-in (not Lamba's): stable across refreshes, new at every sign-in.</summary>
    public string? SessionId
    {
        get
        {
            lock (gate)
            {
                Load();
                return refresh?.SessionId;
            }
        }
    }

    public string? RefreshToken
    {
        get
        {
            lock (gate)
            {
                Load();
                return refresh?.Token;
            }
        }
    }

    /// <summary>
    /// A new sign-in (or switch-context): these tokens become the session, under a new portal session id. What the
    /// permission cache held for the tokens being replaced goes first: it is keyed by them.
    /// </summary>
    public void SignIn(LambaTokens tokens)
    {
        TokensChanging();
        Store(tokens, Guid.NewGuid().ToString("N"));
    }

    private void Store(LambaTokens tokens, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        lock (gate)
        {
            loaded = true;
            access = new StoredToken(tokens.AccessToken, tokens.AccessTokenExpiresAt);
            refresh = new StoredToken(tokens.RefreshToken, tokens.RefreshTokenExpiresAt, sessionId);
        }

        ScheduleCookieWrite();
    }

    /// <summary>
    /// Switch-context answered: the same Lamba session, under a new pair. A request of this browser still in flight with
    /// the old pair (on any instance) adopts the new one instead of presenting the rotated refresh token, which Lamba
    /// would take for reuse and end the session.
    /// </summary>
    public async Task SwitchAsync(LambaTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var previous = RefreshToken;
        SignIn(tokens);
        if (previous is null)
        {
            return;
        }

        refreshes.Remember(previous, RefreshOutcome.Refreshed(tokens));
        try
        {
            await sharedRefresh.PublishAsync(previous, tokens, cancellationToken);
        }
        catch (SharedStateUnavailableException)
        {
            // The switch itself stands (this response carries the new pair); only other instances miss the hand-over.
            logger.LogWarning("Could not publish the switched session to the other instances: the shared state is unavailable");
        }
    }

    /// <summary>Forgets the session locally: both cookies are deleted. Ending it upstream is the caller's business.</summary>
    public void SignOut()
    {
        TokensChanging();
        lock (gate)
        {
            loaded = true;
            access = null;
            refresh = null;
        }

        ScheduleCookieWrite();
    }

    /// <summary>
    /// Refreshes after Lamba rejected <paramref name="rejectedAccessToken"/>. True when a usable token is now
    /// in place (possibly refreshed by another call of this request, or by another request of this browser);
    /// false when Lamba refused the refresh. A 5xx or timeout throws and leaves the session as it was.
    /// </summary>
    public async Task<bool> TryRefreshAsync(string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        string? refreshToken;
        string sessionId;
        lock (gate)
        {
            Load();
            if (rejectedAccessToken is not null && access is not null && access.Token != rejectedAccessToken)
            {
                return true;
            }

            refreshToken = refresh?.Token;
            sessionId = refresh?.SessionId ?? Guid.NewGuid().ToString("N");
        }

        if (refreshToken is null)
        {
            return false;
        }

        // One caller per process (RefreshSingleFlight), then one per cluster (SharedRefresh): Lamba rotates strictly.
        var outcome = await refreshes.RunAsync(
            refreshToken, ct => sharedRefresh.RunAsync(refreshToken, inner => RefreshUpstreamAsync(refreshToken, inner), ct), cancellationToken);
        if (outcome.Tokens is null)
        {
            // What the session was allowed to do is no longer known: never serve it from the cache again.
            // (The caller signs out next, which forgets too; this covers callers that only report the refusal.)
            TokensChanging();
            metrics.SessionEndedByRefusedRefresh();
            logger.LogInformation("Lamba refused to refresh the session ({ErrorCode})", outcome.RejectionCode);
            return false;
        }

        Store(outcome.Tokens, sessionId);
        return true;
    }

    private async Task<RefreshOutcome> RefreshUpstreamAsync(string refreshToken, CancellationToken cancellationToken)
    {
        try
        {
            var tokens = await sessionApi.RefreshAsync(new RefreshRequest(refreshToken), cancellationToken);
            logger.LogInformation("Refreshed the Lamba session");
            return RefreshOutcome.Refreshed(tokens);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            return RefreshOutcome.Rejected(ex.ToLambaProblem().ErrorCode);
        }
    }

    /// <summary>Caches keyed by this session's tokens (the permission cache) forget them while they are still readable.</summary>
    private void TokensChanging()
    {
        foreach (var observer in observers)
        {
            observer.BeforeTokensChange(this);
        }
    }

    private void Load()
    {
        if (loaded)
        {
            return;
        }

        loaded = true;
        if (httpContext is not null)
        {
            access = cookies.ReadAccess(httpContext.Request);
            refresh = cookies.ReadRefresh(httpContext.Request);
        }
    }

    private void ScheduleCookieWrite()
    {
        if (httpContext is null)
        {
            return;
        }

        lock (gate)
        {
            if (writeScheduled)
            {
                return;
            }

            writeScheduled = true;
        }

        if (httpContext.Response.HasStarted)
        {
            logger.LogWarning("The session changed after the response started; the browser keeps its old cookies");
            return;
        }

        httpContext.Response.OnStarting(() =>
        {
            lock (gate)
            {
                if (access is not null && refresh is not null)
                {
                    cookies.Write(httpContext.Response, access, refresh);
                }
                else
                {
                    cookies.Delete(httpContext.Response);
                }
            }

            return Task.CompletedTask;
        });
    }
}

/// <summary>
/// Told before a session's tokens are replaced or cleared (sign-in, switch-context, sign-out, refused refresh), while the
/// session still holds the old ones: what is cached under them must go. The permission cache is one.
/// </summary>
public interface ISessionTokensObserver
{
    void BeforeTokensChange(LambaSession session);
}
