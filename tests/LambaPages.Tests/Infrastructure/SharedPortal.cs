using System.Net.Http.Json;

namespace LambaPages.Tests.Infrastructure;

/// <summary>
/// One <see cref="PortalHost"/> for a whole test class (an xunit class fixture), for tests that are independent of each
/// other: each test calls <see cref="ResetAsync"/> first, which puts the emulator back to its seed (data, clock, faults,
/// counters, attempt limits) and forgets the captured log lines.
/// What lives in the portal process survives a reset: sign-in rate-limit budgets, the permission cache, the decrypted
/// cookie cache and the circuit breaker. So a test that injects faults, moves a clock, changes settings, counts upstream
/// calls that a portal cache may save, reads the portal's singletons or spends a rate-limit budget keeps a host of its own
/// (<see cref="PortalHost.StartAsync"/>). Counting a route's calls within one test ("refused without calling Lamba") is
/// fine: the reset zeroes the counters and the tests of a class run one after another.
/// </summary>
public sealed class SharedPortal : IAsyncLifetime
{
    /// <summary>
    /// A fresh host gives every test a full sign-in budget; a shared one gets budgets no class exhausts, so that tests
    /// signing in the same seeded user stay independent. Rate limiting itself is tested on hosts of their own.
    /// </summary>
    private static readonly Dictionary<string, string?> BudgetsNoClassExhausts = new()
    {
        ["RateLimits:PerClientPermitLimit"] = "100000",
        ["RateLimits:PerIdentifierPermitLimit"] = "100000",
    };

    private PortalHost? host;

    public async Task InitializeAsync() => host = await PortalHost.StartAsync(settings: BudgetsNoClassExhausts);

    /// <summary>The shared host, with the emulator back at its seed and no log lines from earlier tests.</summary>
    public async Task<PortalHost> ResetAsync()
    {
        var shared = host ?? throw new InvalidOperationException("The class fixture has not started its host.");
        using var response = await shared.EmulatorClient.PostAsJsonAsync("_emulator/reset", new { });
        response.EnsureSuccessStatusCode();
        shared.Logs.Clear();
        return shared;
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
