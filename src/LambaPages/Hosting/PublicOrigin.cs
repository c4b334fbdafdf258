using System.Net;
using Lamba.AspNetCore.Client;
using Microsoft.Extensions.Options;

namespace LambaPages.Hosting;

/// <summary>
/// LAMBA_PUBLIC_ORIGIN (<see cref="LambaOptions.PublicOrigin"/>): the portal's own absolute origin (scheme, host, port),
/// used for every absolute link the portal hands to someone else (the magic link Lamba emails). Never the request's
/// Host header: a forged Host would make an emailed link point to another site.
/// </summary>
public static class PublicOriginRules
{
    public const string Key = "LAMBA_PUBLIC_ORIGIN";

    /// <summary>Development and the test environment ("Testing") may leave it unset and use a trusted request origin.</summary>
    public static bool MayBeAbsent(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing");
    }

    /// <summary>The configured origin without a trailing slash, or null when unset (validated at startup).</summary>
    public static Uri? Parse(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value.Trim().TrimEnd('/'), UriKind.Absolute);

    /// <summary>
    /// Startup check: an absolute http(s) origin when set; required outside Development and tests when
    /// <paramref name="requiredBy"/> (the feature that sends links) may be on. Null when fine, else the message naming the setting.
    /// </summary>
    public static string? Problem(string? value, IHostEnvironment environment, string? requiredBy)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return MayBeAbsent(environment) || requiredBy is null
                ? null
                : $"{Key} is required when the {requiredBy} feature is on: set it to this portal's public origin, e.g. "
                    + "https://portal.example.com, so that emailed links never depend on the request's Host header.";
        }

        return IsOrigin(value.Trim())
            ? null
            : $"{Key} must be an absolute http(s) origin such as https://portal.example.com (scheme, host and optional port; "
                + "no path, query or user info).";
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}

/// <summary>Builds the absolute URLs the portal sends out, from LAMBA_PUBLIC_ORIGIN.</summary>
public sealed class PublicOrigin(IOptions<LambaOptions> options, IHostEnvironment environment, IConfiguration configuration)
{
    /// <summary>
    /// The origin for links built while handling <paramref name="request"/>: the configured one; when none is set
    /// (Development and tests only), the request's own origin, but only for a loopback host or one listed
    /// explicitly in AllowedHosts (a lone "*" vouches for nothing).
    /// </summary>
    public Uri For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PublicOriginRules.Parse(options.Value.PublicOrigin) is { } configured)
        {
            return configured;
        }

        var host = request.Host.Host;
        if (PublicOriginRules.MayBeAbsent(environment) && (IsLoopback(host) || IsAllowedHost(host)))
        {
            return new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}", UriKind.Absolute);
        }

        throw new InvalidOperationException(
            $"{PublicOriginRules.Key} is not set and the request's host is neither loopback nor listed in AllowedHosts: no absolute link is built from it.");
    }

    /// <summary><paramref name="pathAndQuery"/> (from Url.Page, so it includes the path base) on the public origin.</summary>
    public Uri Link(HttpRequest request, string pathAndQuery) => new(For(request), pathAndQuery);

    private static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }

    private bool IsAllowedHost(string host) =>
        (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(allowed => allowed != "*" && (string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase)
                || (allowed.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase))));
}
