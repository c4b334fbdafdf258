using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Features.Phone;

/// <summary>The number a code was sent to, and when (the resend cool-down counts from it).</summary>
public sealed record PendingPhoneSignIn(string Phone, DateTimeOffset SentAt)
{
    public override string ToString() => nameof(PendingPhoneSignIn);
}

/// <summary>
/// Keeps the phone number of the code step out of the URL and the form: encrypted with Data Protection
/// (time-limited like Lamba's code, 10 minutes) in an HttpOnly cookie.
/// </summary>
public sealed class PendingPhone(IDataProtectionProvider dataProtection)
{
    public const string CookieName = "__Host-lamba_phone_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("LambaPages.Phone.PendingCode.v1").ToTimeLimitedDataProtector();

    public void Remember(HttpResponse response, PendingPhoneSignIn pending)
    {
        ArgumentNullException.ThrowIfNull(response);
        var value = protector.Protect(JsonSerializer.Serialize(pending), Lifetime);
        response.Cookies.Append(CookieName, value, Options(Lifetime));
    }

    public PendingPhoneSignIn? Recall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingPhoneSignIn>(protector.Unprotect(value, out _));
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
