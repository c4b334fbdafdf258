using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Features.Login;

/// <summary>The first step's login and password (and invitation token, if any), waiting for the authenticator code.</summary>
public sealed record PendingCredentials(string Login, string Password, string? InvitationToken = null)
{
    public override string ToString() => nameof(PendingCredentials);
}

/// <summary>
/// Keeps the first step of an MFA sign-in server-side: login and password encrypted with Data Protection
/// (time-limited to 5 minutes) in an HttpOnly cookie, so the password never travels back into the HTML.
/// </summary>
public sealed class PendingLogin(IDataProtectionProvider dataProtection)
{
    public const string CookieName = "__Host-lamba_login_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("LambaPages.Login.PendingMfa.v1").ToTimeLimitedDataProtector();

    public void Remember(HttpResponse response, PendingCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(response);
        var value = protector.Protect(JsonSerializer.Serialize(credentials), Lifetime);
        response.Cookies.Append(CookieName, value, Options(Lifetime));
    }

    public PendingCredentials? Recall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingCredentials>(protector.Unprotect(value, out _));
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
