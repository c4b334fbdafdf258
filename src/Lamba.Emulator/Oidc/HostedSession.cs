using System.Globalization;
using Lamba.Emulator.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace Lamba.Emulator.Oidc;

/// <summary>Who signed in on the hosted page, when, and with which factors (OIDC <c>amr</c>).</summary>
public sealed record HostedProof(string UserId, DateTimeOffset AuthTime, IReadOnlyList<string> Amr);

/// <summary>
/// The hosted session: an encrypted, HttpOnly cookie on the emulator's origin that lets a browser that signed in
/// once get further codes without typing the password again (single sign-on), until <c>/connect/endsession</c>
/// or <see cref="MaxAge"/>. It names only the user, not a Lamba session: each client's code opens its own session.
/// </summary>
public sealed class HostedSession(IDataProtectionProvider dataProtection, EmulatorClock clock)
{
    public const string CookieName = "lamba_hosted_session";
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(8);

    private readonly IDataProtector protector = dataProtection.CreateProtector("Lamba.Emulator.Oidc.HostedSession");

    public void Write(HttpContext httpContext, HostedProof proof)
    {
        var payload = string.Join('|', proof.UserId, proof.AuthTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), string.Join(',', proof.Amr));
        httpContext.Response.Cookies.Append(CookieName, protector.Protect(payload), Options(httpContext));
    }

    public HostedProof? Read(HttpContext httpContext)
    {
        if (!httpContext.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(cookie).Split('|');
            var authTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
            return parts.Length == 3 && clock.GetUtcNow() - authTime < MaxAge
                ? new HostedProof(parts[0], authTime, parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
                : null;
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public void End(HttpContext httpContext) => httpContext.Response.Cookies.Delete(CookieName, Options(httpContext));

    private static CookieOptions Options(HttpContext httpContext) => new()
    {
        HttpOnly = true,
        Secure = httpContext.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/connect",
        IsEssential = true,
    };
}
