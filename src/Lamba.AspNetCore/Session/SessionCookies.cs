using System.Security.Cryptography;
using System.Text.Json;
using Lamba.AspNetCore.Client;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// A token as the cookie keeps it: the opaque value and when Lamba said it expires. The refresh cookie also
/// carries <see cref="SessionId"/>, the portal's own id for this sign-in (kept across refreshes), which names
/// the user to ASP.NET Core (antiforgery binds its tokens to it) without reading anything from Lamba's token.
/// </summary>
public sealed record StoredToken(string Token, DateTimeOffset? ExpiresAt, string? SessionId = null)
{
    public override string ToString() => $"StoredToken {{ ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>
/// The two session cookies (names from LAMBA_SESSION_COOKIE / LAMBA_REFRESH_COOKIE): HttpOnly, Secure,
/// SameSite=Lax, Path=/, no Domain (what the __Host- prefix demands). Each value is the token plus its
/// expiry, encrypted with Data Protection under its own purpose, so one cookie cannot stand in for the other.
/// </summary>
public sealed class SessionCookies(IDataProtectionProvider dataProtection, IOptions<LambaOptions> options) : IDisposable
{
    // The purposes keep the portal's original names: cookies written before the library existed stay readable.
    private readonly IDataProtector accessProtector = dataProtection.CreateProtector("LambaPages.Session.AccessToken.v1");
    private readonly IDataProtector refreshProtector = dataProtection.CreateProtector("LambaPages.Session.RefreshToken.v1");
    private readonly DecryptedValues<StoredToken> decryptedAccess = new();
    private readonly DecryptedValues<StoredToken> decryptedRefresh = new();

    public string AccessCookieName => options.Value.SessionCookie;

    public string RefreshCookieName => options.Value.RefreshCookie;

    public StoredToken? ReadAccess(HttpRequest request) => UnprotectAccess(request.Cookies[AccessCookieName]);

    public StoredToken? ReadRefresh(HttpRequest request) => UnprotectRefresh(request.Cookies[RefreshCookieName]);

    /// <summary>Decrypts an access cookie value; null when it is not one of ours (tampered, other key ring, other purpose).</summary>
    public StoredToken? UnprotectAccess(string? cookieValue) => Read(decryptedAccess, accessProtector, cookieValue);

    public StoredToken? UnprotectRefresh(string? cookieValue) => Read(decryptedRefresh, refreshProtector, cookieValue);

    public void Dispose()
    {
        decryptedAccess.Dispose();
        decryptedRefresh.Dispose();
    }

    public void Write(HttpResponse response, StoredToken access, StoredToken refresh)
    {
        // Both live as long as the refresh token: an expired access token is still needed to be refreshed.
        var cookieOptions = CookieOptions(refresh.ExpiresAt);
        response.Cookies.Append(AccessCookieName, Protect(accessProtector, access), cookieOptions);
        response.Cookies.Append(RefreshCookieName, Protect(refreshProtector, refresh), cookieOptions);
    }

    public void Delete(HttpResponse response)
    {
        // Browsers ignore a __Host- deletion that is not itself Secure with Path=/.
        var cookieOptions = CookieOptions(expires: null);
        response.Cookies.Delete(AccessCookieName, cookieOptions);
        response.Cookies.Delete(RefreshCookieName, cookieOptions);
    }

    internal static CookieOptions CookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
        Expires = expires,
    };

    private static string Protect(IDataProtector protector, StoredToken token) =>
        protector.Protect(JsonSerializer.Serialize(token));

    private static StoredToken? Unprotect(IDataProtector protector, string value)
    {
        try
        {
            var token = JsonSerializer.Deserialize<StoredToken>(protector.Unprotect(value));
            return string.IsNullOrEmpty(token?.Token) ? null : token;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static StoredToken? Read(DecryptedValues<StoredToken> decrypted, IDataProtector protector, string? cookieValue) =>
        string.IsNullOrEmpty(cookieValue) ? null : decrypted.GetOrDecrypt(cookieValue, protector, Unprotect);
}
