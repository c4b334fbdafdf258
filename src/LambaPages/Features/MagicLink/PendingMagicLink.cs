using LambaPages.Features.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using LambaPages.Hosting;

namespace LambaPages.Features.MagicLink;

/// <summary>A link's token that Lamba accepted but did not spend: it waits for the authenticator code.</summary>
public sealed record PendingMagicLinkSignIn(string Token)
{
    public override string ToString() => nameof(PendingMagicLinkSignIn);
}

/// <summary>
/// Keeps the token of an MFA user's magic link server-side while the second step shows, never in the HTML or the URL.
/// The portal cannot see when the link was issued, so it keeps the token 5 minutes (Lamba's own 15-minute limit
/// still applies: a token past it is refused as an unusable link).
/// </summary>
[SliceService(ServiceLifetime.Singleton)]
public sealed class PendingMagicLink(IDataProtectionProvider dataProtection, IDistributedCache cache)
    : PendingStep<PendingMagicLinkSignIn>(dataProtection, cache, CookieName, "LambaPages.MagicLink.PendingMfa.v1", Lifetime)
{
    public const string CookieName = "__Host-lamba_magiclink_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
}
