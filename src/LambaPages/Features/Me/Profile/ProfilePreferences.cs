using LambaPages.Features.Shared;
using LambaPages.Localization;

namespace LambaPages.Features.Me.Profile;

/// <summary>
/// A signed-in request without the preferences cookie of its session (the first page after sign-in, or after the
/// profile changed) reads the profile once: its language becomes this request's culture and its time zone the zone of
/// every time shown; the cookie keeps both for the next requests. Anonymous pages (login, error) never call Lamba for
/// this.
/// </summary>
public sealed class ProfilePreferencesMiddleware(RequestDelegate next)
{
    private static readonly object Attempted = new();

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The culture provider has already read this request's cookie and kept it when it belongs to this session.
        return SignedInPage.IsRequested(context)
            && UserPreferences.SessionIdOf(context.User) is { } sessionId
            && UserPreferences.Of(context).SessionId != sessionId
            // An error page re-executed after a failure here must not ask again.
            && context.Items.TryAdd(Attempted, true)
                ? LoadProfileThenAsync(context, sessionId)
                : next(context);
    }

    private async Task LoadProfileThenAsync(HttpContext context, string sessionId)
    {
        // No catch: when Lamba cannot answer this, the page's own calls could not either, and the request fails the
        // same way it would have (error page, or back to sign-in when the session has ended) without a second try.
        // Resolved here, not injected: a Refit client is a new HttpClient per request scope, and nearly every
        // request already has the cookie and never calls.
        var api = context.RequestServices.GetRequiredService<IProfileApi>();
        var profile = await api.GetProfileAsync(context.RequestAborted);
        new UserPreferences(profile.Locale, profile.TimeZone ?? TimeZones.Default, sessionId).Apply(context, writeCookie: true);
        await next(context);
    }
}
