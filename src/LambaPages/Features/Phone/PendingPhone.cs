using LambaPages.Features.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using LambaPages.Hosting;

namespace LambaPages.Features.Phone;

/// <summary>
/// The number a code was sent to, and when (the resend cool-down counts from it). <see cref="Code"/> is set only
/// once Lamba accepted the code but asked for the second factor: both are sent again with the authenticator code.
/// </summary>
public sealed record PendingPhoneSignIn(string Phone, DateTimeOffset SentAt, string? Code = null)
{
    /// <summary>How long Lamba still takes the code (10 minutes from sending); never negative.</summary>
    public TimeSpan CodeLifeLeft(DateTimeOffset now) => SentAt + PendingPhone.Lifetime - now is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public override string ToString() => nameof(PendingPhoneSignIn);
}

/// <summary>Keeps the phone number (and, at the MFA step, the accepted code) of the code step out of the URL and the form.</summary>
[SliceService(ServiceLifetime.Singleton)]
public sealed class PendingPhone(IDataProtectionProvider dataProtection, IDistributedCache cache)
    : PendingStep<PendingPhoneSignIn>(dataProtection, cache, CookieName, "LambaPages.Phone.PendingCode.v1", Lifetime), ISignInIdentifier
{
    public const string CookieName = "__Host-lamba_phone_pending";

    /// <summary>Like Lamba's code: 10 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long the code waits for the second factor: at most 5 minutes, and never past the code's own life.</summary>
    public static readonly TimeSpan MfaLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The number typed (as Lamba will see it), else the pending one: every phone step is budgeted per number.</summary>
    public string? IdentifierOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return PhoneRules.Normalise(SignInRateLimits.Field(http, "Input.Phone")) is { Length: > 0 } typed ? typed : Recall(http.Request)?.Phone;
    }
}
