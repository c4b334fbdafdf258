using Microsoft.FeatureManagement;
using LambaPages.Hosting;

namespace LambaPages.Features.Register;

/// <summary>
/// Whether the Register page and its links exist: the <see cref="FeatureFlags.Registration"/> flag, and what Lamba
/// last said. Lamba's 403 REGISTRATION_DISABLED is remembered for a while (it is a Project setting that rarely
/// changes), so the links disappear for everyone instead of leading each visitor to a refusal. An invitation
/// opens sign-up for its invitee even then, so a visitor carrying one still gets the page.
/// </summary>
[SliceService(ServiceLifetime.Singleton)]
public sealed class RegistrationAvailability(IFeatureManager features, TimeProvider timeProvider)
{
    public static readonly TimeSpan RememberRefusalFor = TimeSpan.FromMinutes(10);

    private long refusedUntilTicks;

    public async Task<bool> IsOfferedAsync(string? invitationToken = null)
    {
        if (!await features.IsEnabledAsync(FeatureFlags.Registration))
        {
            return false;
        }

        return !string.IsNullOrWhiteSpace(invitationToken) || !LambaRefusesRegistration;
    }

    public bool LambaRefusesRegistration => timeProvider.GetUtcNow().UtcTicks < Interlocked.Read(ref refusedUntilTicks);

    public void RememberLambaRefused() =>
        Interlocked.Exchange(ref refusedUntilTicks, (timeProvider.GetUtcNow() + RememberRefusalFor).UtcTicks);
}
