using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LambaPages.Bench;

/// <summary>One wrk round's figures.</summary>
internal sealed record WrkRound(string Target, long Requests, double RequestsPerSecond, double P99Milliseconds, long Errors);

/// <summary>wrk (Debian package "wrk"; bench/run.sh installs it): N connections, two threads, one URL, one Cookie header.</summary>
internal static partial class Wrk
{
    public static async Task<WrkRound> RunAsync(string target, Uri url, string cookieHeader, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s", "--latency",
            "-H", "Cookie: " + cookieHeader,
            url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new FunctionalFailureException("wrk did not start (is the Debian package wrk installed?).");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Functional.Expect(process.ExitCode == 0, $"wrk exited with {process.ExitCode}: {error}");

        var requests = long.Parse(Match(RequestsLine(), output, "requests"), CultureInfo.InvariantCulture);
        var rps = double.Parse(Match(RateLine(), output, "Requests/sec"), CultureInfo.InvariantCulture);
        var p99 = P99Line().Match(output);
        Functional.Expect(p99.Success, $"wrk printed no 99% latency:\n{output}");
        var nonSuccess = NonSuccessLine().Match(output);
        var socketErrors = SocketErrorsLine().Match(output);
        var errors = (nonSuccess.Success ? long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            + (socketErrors.Success ? socketErrors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
        return new WrkRound(target, requests, rps, ToMilliseconds(double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture), p99.Groups[2].Value), errors);
    }

    private static string Match(Regex pattern, string output, string what)
    {
        var match = pattern.Match(output);
        Functional.Expect(match.Success, $"wrk printed no {what}:\n{output}");
        return match.Groups[1].Value;
    }

    private static double ToMilliseconds(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "ms" => value,
        "s" => value * 1000,
        "m" => value * 60_000,
        _ => throw new FunctionalFailureException($"wrk latency unit '{unit}' is unknown."),
    };

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
