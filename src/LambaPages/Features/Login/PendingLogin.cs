using LambaPages.Features.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using LambaPages.Hosting;

namespace LambaPages.Features.Login;

/// <summary>The first step's login and password (and invitation token, if any), waiting for the authenticator code.</summary>
public sealed record PendingCredentials(string Login, string Password, string? InvitationToken = null)
{
    public override string ToString() => nameof(PendingCredentials);
}

/// <summary>Keeps the first step of an MFA sign-in server-side for 5 minutes, so the password never travels back into the HTML.</summary>
[SliceService(ServiceLifetime.Singleton)]
public sealed class PendingLogin(IDataProtectionProvider dataProtection, IDistributedCache cache)
    : PendingStep<PendingCredentials>(dataProtection, cache, CookieName, "LambaPages.Login.PendingMfa.v1", Lifetime), ISignInIdentifier
{
    public const string CookieName = "__Host-lamba_login_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The login whose code step is open: its tries share that login's rate-limit budget.</summary>
    public string? IdentifierOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Recall(http.Request)?.Login;
    }
}
