using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace LambaPages.ClusterTests;

/// <summary>
/// `dotnet publish src/LambaPages -t:PublishContainer` (and the same for src/Lamba.Emulator) builds an image with no Dockerfile. There is no Docker daemon and
/// no outside registry here, so the image goes to an archive (ContainerArchiveOutputPath) on top of a stand-in base
/// served from loopback; the test reads the archive as a container runtime would. In the cluster collection only so that
/// it never runs beside the cluster tests (two cores): it does not use the cluster.
/// </summary>
[Collection(ClusterTier.Name)]
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("LambaPages", "app/wwwroot/css/site.css", "ASPNETCORE_HTTP_PORTS=8080")]
    // The emulator listens where --urls says (loopback by default, and elsewhere only with --allow-remote and a control
    // token), so its image exposes 8080 for `--urls http://0.0.0.0:8080` and sets no listening address itself.
    [InlineData("Lamba.Emulator", "app/seed/lamba-seed.schema.json", null)]
    public async Task Publishing_as_a_container_builds_a_non_root_image_archive_exposing_8080(string project, string shippedBeside, string? listening)
    {
        using var registry = new StandInRegistry();
        var workspace = Directory.CreateTempSubdirectory("lambapages-image-");
        var archive = Path.Combine(workspace.FullName, "image.tar.gz");
        try
        {
            var elapsed = Stopwatch.StartNew();
            await PublishAsync(project, registry, workspace.FullName, archive);
            elapsed.Stop();

            var image = ReadArchive(archive);
            output.WriteLine($"{project}: image archive {new FileInfo(archive).Length / 1024} KiB in {elapsed.Elapsed.TotalSeconds:0} s: user {image.User}, "
                + $"ports {string.Join(", ", image.Ports)}, entrypoint {string.Join(' ', image.Entrypoint)}, {image.Files.Count} files");
            Assert.Equal("1654", image.User);
            Assert.Contains("8080/tcp", image.Ports);
            Assert.Contains(image.Entrypoint, part => part.Contains(project, StringComparison.Ordinal));
            Assert.Contains(image.Files, file => file.EndsWith($"app/{project}.dll", StringComparison.Ordinal));
            Assert.Contains(image.Files, file => file.EndsWith(shippedBeside, StringComparison.Ordinal));
            if (listening is not null)
            {
                Assert.Contains(listening, image.Environment);
            }
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(string project, StandInRegistry registry, string workspace, string archive)
    {
        // Debug and --no-build: the test run has just built this output; the image step is what is under test.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Cluster.RepositoryRoot };
        foreach (var argument in new[]
        {
            "publish", Path.Combine("src", project, project + ".csproj"), "-c", "Debug", "--no-build", "-t:PublishContainer",
            "-p:PublishDir=" + Path.Combine(workspace, "publish") + Path.DirectorySeparatorChar,
            "-p:ContainerArchiveOutputPath=" + archive,
            "-p:ContainerBaseImage=" + registry.BaseImage,
            "-p:ContainerRuntimeIdentifier=linux-x64",
            "-nologo",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish -t:PublishContainer failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.True(File.Exists(archive), $"No image archive at {archive}:\n{await stdout}");
    }

    private sealed record Image(string User, IReadOnlyList<string> Ports, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Environment, IReadOnlyList<string> Files);

    /// <summary>Reads a docker-archive or OCI-layout tarball: its image config and the files of every layer.</summary>
    private static Image ReadArchive(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var file = File.OpenRead(path))
        using (var tar = new TarReader(IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    entries[entry.Name.TrimStart('.', '/')] = copy.ToArray();
                }
            }
        }

        string configName;
        IEnumerable<string> layerNames;
        if (entries.TryGetValue("manifest.json", out var dockerManifest))
        {
            var first = JsonDocument.Parse(dockerManifest).RootElement[0];
            configName = first.GetProperty("Config").GetString()!;
            layerNames = first.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        }
        else
        {
            var index = JsonDocument.Parse(entries["index.json"]).RootElement;
            var manifestDigest = index.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
            var manifest = JsonDocument.Parse(entries[Blob(manifestDigest)]).RootElement;
            configName = Blob(manifest.GetProperty("config").GetProperty("digest").GetString()!);
            layerNames = manifest.GetProperty("layers").EnumerateArray().Select(l => Blob(l.GetProperty("digest").GetString()!)).ToList();
        }

        var config = JsonDocument.Parse(entries[configName]).RootElement.GetProperty("config");
        var files = layerNames.SelectMany(name => LayerFiles(entries[name])).ToList();
        return new Image(
            config.TryGetProperty("User", out var user) ? user.GetString() ?? "" : "",
            config.TryGetProperty("ExposedPorts", out var ports) ? ports.EnumerateObject().Select(p => p.Name).ToList() : [],
            config.TryGetProperty("Entrypoint", out var entrypoint) ? entrypoint.EnumerateArray().Select(e => e.GetString()!).ToList() : [],
            config.TryGetProperty("Env", out var env) ? env.EnumerateArray().Select(e => e.GetString()!).ToList() : [],
            files);
    }

    private static string Blob(string digest) => "blobs/" + digest.Replace(':', '/');

    private static List<string> LayerFiles(byte[] layer)
    {
        var names = new List<string>();
        using var stream = new MemoryStream(layer);
        using var tar = new TarReader(layer is [0x1f, 0x8b, ..] ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }
}
