using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Localization;

namespace LambaPages.Localization;

/// <summary>
/// The language and time zone a request is shown in. For a signed-in user they are the profile's, kept in one small
/// cookie stamped with the portal session id (so the next person to sign in on this browser never inherits them);
/// before sign-in the cookie holds only the language chosen in the footer. Neither value is a secret.
/// </summary>
public sealed record UserPreferences(string? Language, string TimeZone, string? SessionId)
{
    public const string CookieName = "__Host-prefs";

    public static readonly UserPreferences Anonymous = new(null, "UTC", null);

    private static readonly object ItemKey = typeof(UserPreferences);

    /// <summary>The zone named by <see cref="TimeZone"/>, or UTC when this machine does not know it.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>What this request is shown in: set by the culture provider or the profile loader, else anonymous defaults.</summary>
    public static UserPreferences Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as UserPreferences ?? Anonymous;
    }

    /// <summary>The portal session id of a signed-in request (the one claim the session principal carries).</summary>
    public static string? SessionIdOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static UserPreferences? ReadCookie(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[CookieName] is not { Length: > 0 and < 512 } value)
        {
            return null;
        }

        var parts = value.Split('|');
        if (parts.Length != 3)
        {
            return null;
        }

        var language = Cultures.Match(Uri.UnescapeDataString(parts[1]));
        var zone = Uri.UnescapeDataString(parts[2]);
        var sessionId = parts[0].Length == 0 ? null : Uri.UnescapeDataString(parts[0]);
        return new UserPreferences(language, string.IsNullOrEmpty(zone) ? Anonymous.TimeZone : zone, sessionId);
    }

    /// <summary>Times in the rest of this request are shown in this zone.</summary>
    public void Keep(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = this;
    }

    /// <summary>Shows the rest of this request in these preferences and, with <paramref name="writeCookie"/>, remembers them for the next ones.</summary>
    public void Apply(HttpContext context, bool writeCookie)
    {
        Keep(context);
        if (Cultures.Match(Language) is { } language)
        {
            var culture = CultureInfo.GetCultureInfo(language);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            context.Features.Set<IRequestCultureFeature>(new RequestCultureFeature(new RequestCulture(culture), provider: null));
        }

        if (writeCookie)
        {
            var value = string.Join('|', Uri.EscapeDataString(SessionId ?? ""), Uri.EscapeDataString(Language ?? ""), Uri.EscapeDataString(TimeZone));
            context.Response.Cookies.Append(CookieName, value, new CookieOptions
            {
                // __Host- requires Secure, Path=/ and no Domain; browsers accept Secure cookies from http://localhost too.
                Secure = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
    }

    /// <summary>Drops the cookie, so that the next signed-in request reads the profile again (after it changed).</summary>
    public static void Forget(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
    }
}

/// <summary>
/// The first choice of request localization: the preferences cookie, when it belongs to this request's user (the
/// signed-in session it was stamped with, or nobody before sign-in). A signed-in request without one is handled by
/// the profile loader further down the pipeline; otherwise Accept-Language, then English.
/// </summary>
public sealed class PreferencesCookieCultureProvider : RequestCultureProvider
{
    // One answer per language, made once: the localization middleware only reads it.
    private static readonly Dictionary<string, Task<ProviderCultureResult?>> Results = Cultures.Supported.ToDictionary(
        culture => culture.Name, culture => Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture.Name)));

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // Localization runs after authentication (UseLamba's afterAuthentication), so the user is known here.
        if (UserPreferences.ReadCookie(httpContext.Request) is not { } preferences
            || !string.Equals(preferences.SessionId, UserPreferences.SessionIdOf(httpContext.User), StringComparison.Ordinal))
        {
            return NullProviderCultureResult;
        }

        preferences.Keep(httpContext);
        return preferences.Language is { } language && Results.TryGetValue(language, out var result) ? result : NullProviderCultureResult;
    }
}
