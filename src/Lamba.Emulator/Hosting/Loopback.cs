using System.Net;

namespace Lamba.Emulator.Hosting;

/// <summary>What counts as "this machine only", for bound addresses and for Host headers.</summary>
public static class Loopback
{
    /// <summary>Every address of a <c>--urls</c> value (semicolon separated) that is loopback; <c>+</c>, <c>*</c> and 0.0.0.0 are not.</summary>
    public static IEnumerable<string> NonLoopbackUrls(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsLoopbackUrl(url));

    public static bool IsLoopbackUrl(string url)
    {
        var normalized = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host);
    }

    /// <summary><c>localhost</c>, any <c>*.localhost</c> (browsers resolve those to loopback themselves) or a loopback IP.</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
