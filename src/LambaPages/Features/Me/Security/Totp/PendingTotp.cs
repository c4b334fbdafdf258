using LambaPages.Features.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>
/// The secret of an enrolment waiting for its first code, kept between the POST that started it and the page that
/// shows it (PRG): server-side (<see cref="PendingStep{T}"/>), time-limited; the browser holds only a random id.
/// </summary>
[SliceService(ServiceLifetime.Singleton)]
public sealed class PendingTotp(IDataProtectionProvider dataProtection, IDistributedCache cache)
    : PendingStep<TotpEnrolment>(dataProtection, cache, CookieName, "LambaPages.Me.PendingTotp.v1", Lifetime)
{
    public const string CookieName = "__Host-lamba_totp_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
}
