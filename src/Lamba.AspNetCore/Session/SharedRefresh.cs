using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.SharedState;
using Microsoft.AspNetCore.DataProtection;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// The cluster half of the refresh single flight (<see cref="RefreshSingleFlight"/> is the in-process half): one refresh
/// per refresh token across every instance. The instance that wins the token's lock refreshes and publishes the outcome,
/// encrypted with Data Protection, under a hash of the token for <see cref="RefreshSingleFlight.Retention"/>; the others
/// adopt it and never present the rotated token. Without Redis this adds nothing. When Redis cannot be reached, it throws
/// <see cref="SharedStateUnavailableException"/> rather than refresh blindly: a refresh no other instance knows about could
/// present the token twice, and Lamba would end the session. The user sees "try again" and stays signed in.
/// </summary>
public sealed class SharedRefresh(ISharedSingleFlight flights, IDataProtectionProvider dataProtection, LambaMetrics metrics)
{
    private readonly IDataProtector protector = dataProtection.CreateProtector("LambaPages.Session.RefreshOutcome.v1");

    public async Task<RefreshOutcome> RunAsync(string refreshToken, Func<CancellationToken, Task<RefreshOutcome>> refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var flight = await flights.RunAsync(Key(refreshToken), RefreshSingleFlight.Retention, async token =>
        {
            metrics.UpstreamRefresh();
            return Protect(await refresh(token));
        }, cancellationToken);
        if (flight.Joined)
        {
            metrics.SingleFlightJoin("cluster");
        }

        return Unprotect(flight.Payload!);
    }

    /// <summary>Switch-context rotated the pair: a request still holding the old refresh token adopts the new pair instead of presenting it.</summary>
    public Task PublishAsync(string oldRefreshToken, LambaTokens tokens, CancellationToken cancellationToken) =>
        flights.PublishAsync(Key(oldRefreshToken), Protect(RefreshOutcome.Refreshed(tokens)), RefreshSingleFlight.Retention, cancellationToken);

    private string Protect(RefreshOutcome outcome) => protector.Protect(JsonSerializer.Serialize(outcome));

    private RefreshOutcome Unprotect(string payload) => JsonSerializer.Deserialize<RefreshOutcome>(protector.Unprotect(payload))!;

    private static string Key(string refreshToken) => "refresh:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
