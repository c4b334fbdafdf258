using LambaPages.Features.Shared;
using Microsoft.AspNetCore.DataProtection;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>
/// The secret of an enrolment waiting for its first code, kept between the POST that started it and the page that
/// shows it (PRG): encrypted, time-limited, in an HttpOnly cookie; never in a URL.
/// </summary>
public sealed class PendingTotp(IDataProtectionProvider dataProtection)
    : PendingStep<TotpEnrolment>(dataProtection, CookieName, "LambaPages.Me.PendingTotp.v1", Lifetime)
{
    public const string CookieName = "__Host-lamba_totp_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
}
