using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;

namespace LambaPages.ClusterTests;

/// <summary>
/// The cluster of scripts/cluster.sh, started once for every test of the tier: Redis, the standalone emulator, two
/// portal instances (separate data folders, one Redis) and nginx terminating TLS in front. It fails loudly when a
/// server cannot start, and stops everything when the tier ends (the script also stops it if this process dies).
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    private readonly string state = Path.Combine(Path.GetTempPath(), "lambapages-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private Dictionary<string, int> ports = [];
    private X509Certificate2? proxyCertificate;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The public entry: nginx, https, round robin over both instances.</summary>
    public Uri Entry => new($"https://127.0.0.1:{ports["NGINX_PORT"]}");

    /// <summary>Instance N's own address (1 or 2), behind nginx; only for tests that bypass the proxy on purpose.</summary>
    public Uri Instance(int n) => new($"http://127.0.0.1:{ports[$"PORTAL{n}_PORT"]}");

    public string InstanceAuthority(int n) => $"127.0.0.1:{ports[$"PORTAL{n}_PORT"]}";

    public HttpClient Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var output = await RunScriptAsync("up", state, "--owner-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ports = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && int.TryParse(pair[1], out _))
            .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture));
        proxyCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(state, "nginx", "tls.crt"));
        Emulator = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["EMULATOR_PORT"]}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Emulator?.Dispose();
        proxyCertificate?.Dispose();
        await RunScriptAsync("down", state);
    }

    /// <summary>A browser with its own cookie jar, connecting from <paramref name="clientAddress"/> (default 127.0.0.1).</summary>
    public ClusterBrowser NewBrowser(IPAddress? clientAddress = null, Uri? baseAddress = null) =>
        new(CreateClient(baseAddress ?? Entry, clientAddress));

    public Task KillInstanceAsync(int n) => RunScriptAsync("portal-stop", state, n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task StartInstanceAsync(int n, bool freshDataFolder = false) =>
        RunScriptAsync("portal-start", state, n.ToString(System.Globalization.CultureInfo.InvariantCulture), freshDataFolder ? "--fresh" : "");

    public Task StopRedisAsync() => RunScriptAsync("redis-stop", state);

    public Task StartRedisAsync() => RunScriptAsync("redis-start", state);

    public async Task<EmulatorStats> StatsAsync() =>
        (await Emulator.GetFromJsonAsync<EmulatorStats>("/_emulator/stats"))!;

    public async Task<DateTimeOffset> LambaNowAsync() => (await Emulator.GetFromJsonAsync<LambaClock>("/_emulator/clock"))!.Now;

    /// <summary>Moves Lamba's clock: past 15 minutes, every access token issued so far has expired.</summary>
    public async Task AdvanceLambaClockAsync(TimeSpan by)
    {
        using var response = await Emulator.PostAsJsonAsync("/_emulator/clock", new { advanceSeconds = (int)by.TotalSeconds });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Waits until nginx sends requests to both instances again (after a restart nginx keeps a failed one out for a
    /// few seconds), so that a test about spreading requests really spreads them.
    /// </summary>
    public async Task WaitUntilBothInstancesServeAsync()
    {
        using var probe = CreateClient(Entry, null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            using var response = await probe.GetAsync("/readyz");
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("X-Upstream", out var upstream))
            {
                seen.Add(upstream.Last());
            }
            else
            {
                await Task.Delay(200);
            }
        }

        Assert.True(seen.Count == 2, $"nginx did not spread requests over both instances within 30 s (saw {string.Join(", ", seen)}).");
    }

    private HttpClient CreateClient(Uri baseAddress, IPAddress? clientAddress)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(1),
            MaxConnectionsPerServer = 64,
        };

        // nginx's certificate is made by scripts/cluster.sh for this run only: trust exactly that one.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && proxyCertificate is not null && certificate.GetCertHashString() == proxyCertificate.GetCertHashString();
        if (clientAddress is not null)
        {
            // Connect from another loopback address, so the proxy sees a client that is not itself.
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(clientAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "cluster.sh"));
        foreach (var argument in arguments.Where(a => a.Length > 0))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stderr}\n{await stdout}");
        }

        return await stdout;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambaPages.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LambaPages.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>GET /_emulator/stats: Lamba's side of every figure this tier reports.</summary>
public sealed record EmulatorStats(
    [property: JsonPropertyName("calls")] IReadOnlyDictionary<string, long> Calls,
    [property: JsonPropertyName("refreshes")] long Refreshes,
    [property: JsonPropertyName("reuseDetections")] long ReuseDetections,
    [property: JsonPropertyName("revocations")] long Revocations)
{
    public long CallsTo(string route) => Calls.TryGetValue(route, out var count) ? count : 0;
}

[CollectionDefinition(Name)]
public sealed class ClusterTier : ICollectionFixture<Cluster>
{
    public const string Name = "cluster";
}

/// <summary>GET /_emulator/clock.</summary>
public sealed record LambaClock([property: JsonPropertyName("now")] DateTimeOffset Now);
