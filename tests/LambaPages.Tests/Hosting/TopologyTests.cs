using System.Net;
using LambaPages.Hosting;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LambaPages.Tests.Hosting;

/// <summary>One instance or N: which state lives where, what proxies are trusted, and what the probes answer.</summary>
public sealed class TopologyTests
{
    [Fact]
    public void Trusted_proxies_take_addresses_and_cidr_networks_and_nothing_by_default()
    {
        var (proxies, networks) = TrustedProxies.Parse(" 10.0.0.5, 10.1.0.0/16 ,::1, fd00::/8 ");
        var (noProxies, noNetworks) = TrustedProxies.Parse(null);

        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback], proxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16"), System.Net.IPNetwork.Parse("fd00::/8")], networks);
        Assert.Empty(noProxies);
        Assert.Empty(noNetworks);
    }

    [Theory]
    [InlineData("proxy.internal")]
    [InlineData("10.0.0.0/33")]
    public void A_malformed_trusted_proxy_stops_startup_rather_than_trusting_a_guess(string entry)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => TrustedProxies.Parse("10.0.0.5," + entry));

        Assert.Contains(TrustedProxies.Key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Redis_one_instance_keeps_its_state_in_the_process_and_its_data_folder()
    {
        await using var host = await PortalHost.StartAsync();

        Assert.IsNotType<RedisCache>(host.Portal.Services.GetRequiredService<IDistributedCache>());
        Assert.IsNotType<RedisXmlRepository>(host.Portal.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
    }

    [Fact]
    public async Task With_Redis_configured_the_key_ring_and_the_distributed_cache_live_in_Redis()
    {
        // Nothing listens there: registration never connects, so a Redis outage cannot stop the portal from starting.
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1" });

        Assert.IsAssignableFrom<RedisCache>(host.Portal.Services.GetRequiredService<IDistributedCache>());
        Assert.IsType<RedisXmlRepository>(host.Portal.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
    }

    [Fact]
    public async Task The_probes_answer_anonymously_and_never_touch_the_session_cookies()
    {
        await using var host = await PortalHost.StartAsync();
        using var client = host.CreateClient();

        foreach (var path in new[] { Health.LivePath, Health.ReadyPath })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", "__Host-lamba_access_token=garbage; __Host-lamba_refresh_token=garbage");
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{path} wrote a cookie.");
        }
    }

    [Fact]
    public async Task Readiness_fails_while_Lamba_cannot_be_reached_and_liveness_does_not()
    {
        await using var host = await PortalHost.StartAsync();
        using var client = host.CreateClient();
        await host.Emulator.DisposeAsync();

        using var ready = await client.GetAsync(Health.ReadyPath);
        using var live = await client.GetAsync(Health.LivePath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory]
    [InlineData("Production", null, null, true)]
    [InlineData("Production", "/var/lib/lambapages", null, false)]
    [InlineData("Production", null, "redis:6379", false)]
    [InlineData("Development", null, null, false)]
    public async Task Production_with_neither_Redis_nor_a_data_folder_warns_loudly_at_startup(
        string environment, string? dataDirectory, string? redis, bool warns)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SharedState.DataDirectoryKey] = dataDirectory,
            ["ConnectionStrings:Redis"] = redis,
        }).Build();
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var warning = new KeyRingPlacementWarning(
            new HostingEnvironment { EnvironmentName = environment }, configuration, factory.CreateLogger<KeyRingPlacementWarning>());

        await warning.StartAsync(CancellationToken.None);

        Assert.Equal(warns, logs.Lines.Any(line => line.Contains("NOT PERSISTED", StringComparison.Ordinal)));
    }
}
