using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambaPages.Bench;

/// <summary>Where the built programs are: the driver's own configuration (Debug or Release) under the repository root.</summary>
internal static class Repository
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static readonly string Root = FindRoot();

    public static string Project(string folder) => Path.Combine(Root, folder);

    public static string Dll(string folder, string name) =>
        Path.Combine(Root, folder, "bin", Configuration, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambaPages.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LambaPages.sln not found above the bench's folder.");
    }
}

/// <summary>
/// One program of the bench (emulator, portal or bare page) in its own process: `dotnet &lt;dll&gt; --urls ...` on a free
/// loopback port, output to a log file, stopped (with its process tree) on dispose. It reads its own CPU time and
/// resident memory from /proc, and its allocation count through the startup-hook probe when it has one.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    private readonly Process process;
    private readonly string? probeSocket;

    private ServerProcess(string name, Process process, Uri baseAddress, string logFile, string? probeSocket)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        LogFile = logFile;
        this.probeSocket = probeSocket;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string LogFile { get; }

    public int Id => process.Id;

    public static async Task<ServerProcess> StartAsync(
        string name, string projectFolder, string dllName, IReadOnlyDictionary<string, string> environment,
        string workDirectory, string readyPath, bool probe, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var logFile = Path.Combine(workDirectory, name + ".log");
        var dll = Repository.Dll(projectFolder, dllName);
        if (!File.Exists(dll))
        {
            throw new FunctionalFailureException($"{dll} is missing: build bench/LambaPages.Bench -c {Repository.Configuration} first.");
        }

        // exec keeps the process id the one of dotnet itself, so /proc/<pid> describes the server, not a shell.
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Repository.Project(projectFolder),
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", "exec \"$0\" \"$@\" >\"$BENCH_LOG\" 2>&1", DotnetHost(), dll, "--urls", url })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BENCH_LOG"] = logFile;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value.Replace("{url}", url, StringComparison.Ordinal);
        }

        string? socket = null;
        if (probe)
        {
            socket = Path.Combine(workDirectory, name + ".probe");
            start.Environment["DOTNET_STARTUP_HOOKS"] = Repository.Dll("bench/BenchProbe", "BenchProbe");
            start.Environment["BENCH_PROBE_SOCKET"] = socket;
        }

        var process = Process.Start(start) ?? throw new FunctionalFailureException($"{name} did not start.");
        var server = new ServerProcess(name, process, new Uri(url + "/"), logFile, socket);
        await server.WaitUntilAnsweringAsync(readyPath, cancellationToken);
        return server;
    }

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        // Fields after the command name (which may contain spaces) start at "state"; utime and stime are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Resident set size (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Bytes the process has allocated since it started (GC.GetTotalAllocatedBytes, read by the probe).</summary>
    public async Task<long> AllocatedBytesAsync(CancellationToken cancellationToken) => (await ProbeAsync(cancellationToken)).Allocated;

    /// <summary>One reading of the startup-hook probe: allocation so far, the GC's committed memory, methods JIT-compiled.</summary>
    public async Task<ProbeReading> ProbeAsync(CancellationToken cancellationToken)
    {
        if (probeSocket is null)
        {
            throw new InvalidOperationException($"{Name} runs without the probe.");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(probeSocket), cancellationToken);
        var buffer = new byte[256];
        var length = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var fields = Encoding.ASCII.GetString(buffer, 0, length).Trim().Split(' ')
            .Select(field => field.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new ProbeReading(fields["allocated"], fields["committed"], fields["jitted"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync(string readyPath, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new FunctionalFailureException($"{Name} exited with code {process.ExitCode} at start; its log: {LogFile}\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(readyPath, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new FunctionalFailureException($"{Name} did not answer GET {readyPath} within 120 s; its log: {LogFile}\n{Tail()}");
    }

    private string Tail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "(no log)";

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What the probe reports: bytes allocated so far, bytes the GC has committed, methods JIT-compiled so far.</summary>
public sealed record ProbeReading(long Allocated, long GcCommitted, long JittedMethods);
