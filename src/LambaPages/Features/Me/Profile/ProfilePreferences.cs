using Lamba.AspNetCore.Session;
using LambaPages.Localization;
using Microsoft.AspNetCore.Authorization;

namespace LambaPages.Features.Me.Profile;

/// <summary>
/// A signed-in request without the preferences cookie of its session (the first page after sign-in, or after the
/// profile changed) reads the profile once: its language becomes this request's culture and its time zone the zone of
/// every time shown; the cookie keeps both for the next requests. Anonymous pages (login, error) never call Lamba for
/// this, and a failure only leaves the request in Accept-Language: the page's own calls report an outage.
/// </summary>
public sealed class ProfilePreferencesMiddleware(RequestDelegate next, ILogger<ProfilePreferencesMiddleware> logger)
{
    private static readonly object Attempted = new();

    public async Task InvokeAsync(HttpContext context, IProfileApi api)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        if (UserPreferences.SessionIdOf(context.User) is { } sessionId
            && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null
            && UserPreferences.ReadCookie(context.Request)?.SessionId != sessionId
            // An error page re-executed after a failure here must not ask again.
            && context.Items.TryAdd(Attempted, true))
        {
            try
            {
                var profile = await api.GetProfileAsync(context.RequestAborted);
                new UserPreferences(profile.Locale, profile.TimeZone ?? TimeZones.Default, sessionId).Apply(context, writeCookie: true);
            }
            catch (Exception ex) when (ex is not LambaSessionEndedException && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("The profile's language and time zone could not be read ({ExceptionType}); Accept-Language applies", ex.GetType().Name);
            }
        }

        await next(context);
    }
}
