using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>
/// The secret of an enrolment waiting for its first code, kept between the POST that started it and the page that
/// shows it (PRG): encrypted with Data Protection, time-limited, in an HttpOnly cookie; never in a URL.
/// </summary>
public sealed class PendingTotp(IDataProtectionProvider dataProtection)
{
    public const string CookieName = "__Host-lamba_totp_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("LambaPages.Me.PendingTotp.v1").ToTimeLimitedDataProtector();

    public void Remember(HttpResponse response, TotpEnrolment enrolment)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.Serialize(enrolment), Lifetime), Options(Lifetime));
    }

    public TotpEnrolment? Recall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TotpEnrolment>(protector.Unprotect(value, out _));
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
        if (request.Cookies.ContainsKey(CookieName))
        {
            response.Cookies.Delete(CookieName, Options(maxAge: null));
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
