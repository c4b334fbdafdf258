using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace LambaPages.Hosting;

/// <summary>
/// LAMBA_TRUSTED_PROXIES: the comma-separated IPs and CIDR networks of the reverse proxies in front of the portal
/// (e.g. <c>10.0.0.5, 10.1.0.0/16</c>). Only a connection from one of them may say, through X-Forwarded-For and
/// X-Forwarded-Proto, who the client is and whether it came over HTTPS. Nothing is trusted by default, not even
/// loopback: a spoofed X-Forwarded-For from anyone else changes nothing. The client IP so learned feeds the per-IP
/// sign-in limit and the address Lamba records for the session (Lamba/ClientInfoHandler.cs); the scheme decides HSTS.
/// </summary>
public static class TrustedProxies
{
    public const string Key = "LAMBA_TRUSTED_PROXIES";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (proxies, networks) = Parse(configuration[Key]);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The Host header is not taken from a proxy: links the portal sends out use LAMBA_PUBLIC_ORIGIN.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            // A chain of trusted proxies (CDN, then nginx) is walked from the right until the first address that is
            // not a trusted proxy: that one is the client. An untrusted hop stops the walk, so it cannot inject one.
            options.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Addresses and networks from the setting; a malformed entry stops startup rather than trusting less or more than meant.</summary>
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<IPNetwork> Networks) Parse(string? value)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{Key}: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
            }
        }

        return (proxies, networks);
    }
}
