using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Lamba.Emulator.Tests;

/// <summary>
/// The emulator as another team gets it: packed as a .NET tool from this build, installed from that package alone
/// (a nuget.config naming only the temporary folder), and started as <c>lamba-emulator</c>.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.OwnProcess)]
public sealed class ToolPackageTests(InstalledTool installed) : IClassFixture<InstalledTool>
{
    private string ToolPath => installed.ToolPath;

    [Fact]
    public async Task The_installed_tool_starts_with_urls_and_answers_jwks()
    {
        var port = FreePort();
        var data = Path.Combine(installed.Folder, "data");

        await using var tool = RunningTool.Start(ToolPath, ["--urls", $"http://127.0.0.1:{port}", "--data", data, "--dev", "--Emulator:PasswordHashIterations=1000"]);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var jwks = await tool.WaitForAsync(http, "/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        Assert.Contains("\"kty\":\"EC\"", await jwks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var outbox = await http.GetAsync(new Uri("/_emulator/outbox", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        Assert.True(File.Exists(Path.Combine(data, "signing-keys.json")));
        Assert.True(File.Exists(Path.Combine(data, "lamba-emulator.db")));
    }

    [Fact]
    public async Task The_installed_tool_listens_where_ASPNETCORE_URLS_says_and_hides_control_routes_outside_development()
    {
        var port = FreePort();

        await using var tool = RunningTool.Start(ToolPath, ["--Emulator:PasswordHashIterations=1000"], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var jwks = await tool.WaitForAsync(http, "/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        using var outbox = await http.GetAsync(new Uri("/_emulator/outbox", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, outbox.StatusCode);
    }

    [Fact]
    public async Task The_installed_tool_explains_its_options_and_refuses_a_public_address_without_a_token()
    {
        var help = await RunToEndAsync(ToolPath, ["--help"]);
        var refused = await RunToEndAsync(ToolPath, ["--urls", "http://0.0.0.0:0"], expectSuccess: false);

        Assert.All(["--urls", "--data", "--seed", "--dev", "--allow-remote", "--control-token"], option => Assert.Contains(option, help, StringComparison.Ordinal));
        Assert.Contains("--allow-remote", refused, StringComparison.Ordinal);
    }

    internal static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range: the emulators of other test classes (on port 0) and
    /// outgoing connections take theirs from that range, so none of them can take this one before the tool binds it,
    /// and then answer in its place (a port 0 pick, released and handed to the tool, once was).
    /// </summary>
    internal static int FreePort()
    {
        var ephemeralStart = File.Exists(EphemeralRange) && int.TryParse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], out var start) ? start : 32768;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(10_000, ephemeralStart);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between 10000 and {ephemeralStart}.");
    }

    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    internal static string RepositoryRoot()
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

    /// <summary>Runs a command to its end (two minutes at most); returns stdout and stderr together.</summary>
    internal static async Task<string> RunToEndAsync(string fileName, string[] args, bool expectSuccess = true)
    {
        using var process = Process.Start(StartInfo(fileName, args, null))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        Assert.True(!expectSuccess || process.ExitCode == 0, $"{fileName} {string.Join(' ', args)} exited {process.ExitCode}:\n{text}");
        Assert.True(expectSuccess || process.ExitCode != 0, $"{fileName} {string.Join(' ', args)} should have failed:\n{text}");
        return text;
    }

    private static ProcessStartInfo StartInfo(string fileName, string[] args, Dictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host's own environment must not decide where the tool listens or which environment it is in.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>A started tool process whose output is kept for the failure message; killed on dispose.</summary>
    private sealed class RunningTool : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        private RunningTool(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static RunningTool Start(string path, string[] args, Dictionary<string, string>? environment = null) =>
            new(Process.Start(StartInfo(path, args, environment))!);

        /// <summary>Polls until the route answers (the tool needs a moment to start), or fails with the tool's output.</summary>
        public async Task<HttpResponseMessage> WaitForAsync(HttpClient http, string path)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(process.HasExited, "the tool stopped:\n" + Output());
                try
                {
                    return await http.GetAsync(new Uri(path, UriKind.Relative));
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
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

        private void Append(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}

/// <summary>Packs this build's emulator as a tool and installs it once for the test class.</summary>
public sealed class InstalledTool : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("lamba-tool-").FullName;

    public string ToolPath => Path.Combine(Folder, "tools", OperatingSystem.IsWindows() ? "lamba-emulator.exe" : "lamba-emulator");

    public async Task InitializeAsync()
    {
        var folder = Folder;
        var project = Path.Combine(ToolPackageTests.RepositoryRoot(), "src", "Lamba.Emulator", "Lamba.Emulator.csproj");
        var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        // --no-build: the test run already built the emulator; packing only zips that output.
        await ToolPackageTests.RunToEndAsync(ToolPackageTests.Dotnet, ["pack", project, "--no-build", "-c", configuration, "-o", folder]);
        var config = Path.Combine(folder, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{folder}" /></packageSources></configuration>
            """);
        await ToolPackageTests.RunToEndAsync(ToolPackageTests.Dotnet, ["tool", "install", "--tool-path", Path.Combine(folder, "tools"), "--configfile", config, "Lamba.Emulator"]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
