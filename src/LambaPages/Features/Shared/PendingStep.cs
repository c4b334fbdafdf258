using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Features.Shared;

/// <summary>
/// One unfinished step (of a sign-in, or of an MFA enrolment) kept server-side: <typeparamref name="T"/> encrypted and time-limited with Data
/// Protection in an HttpOnly, Secure, SameSite=Strict cookie, so secrets of the first step (a password, a link's
/// token, a phone code) never travel back into the HTML or the URL. Each slice derives one with its own cookie and purpose.
/// </summary>
public abstract class PendingStep<T>(IDataProtectionProvider dataProtection, string cookieName, string purpose, TimeSpan lifetime)
    where T : class
{
    private readonly ITimeLimitedDataProtector protector = dataProtection.CreateProtector(purpose).ToTimeLimitedDataProtector();

    /// <summary>Stores <paramref name="value"/> for <paramref name="within"/> when given and shorter, else for the step's lifetime.</summary>
    public void Remember(HttpResponse response, T value, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var keep = within is { } limit && limit < lifetime ? (limit > TimeSpan.Zero ? limit : TimeSpan.FromSeconds(1)) : lifetime;
        var protectedValue = protector.Protect(JsonSerializer.Serialize(value), keep);
        response.Cookies.Append(cookieName, protectedValue, Options(keep));
    }

    public T? Recall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[cookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(value, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Forget(HttpRequest request, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (request.Cookies.ContainsKey(cookieName))
        {
            response.Cookies.Delete(cookieName, Options(maxAge: null));
        }
    }

    private static CookieOptions Options(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };
}
