using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LambaPages.ClusterTests;

/// <summary>
/// A read-only OCI registry on a loopback port, serving one small stand-in base image (an /etc/passwd with the
/// non-root "app" user, UID 1654, and the environment of Microsoft's ASP.NET Core images). The SDK pulls its base image
/// from a registry and these machines reach none, so the container test builds on this stand-in; the real build uses
/// Microsoft's aspnet image, which this one imitates in the parts the portal's settings touch.
/// </summary>
public sealed class StandInRegistry : IDisposable
{
    public const string Repository = "stand-in/aspnet";
    public const string Tag = "10.0";

    private static readonly string[] BaseEnvironment =
        ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_UID=1654", "DOTNET_RUNNING_IN_CONTAINER=true"];

    private readonly HttpListener listener = new();
    private readonly Dictionary<string, (byte[] Content, string MediaType)> blobs = new(StringComparer.Ordinal);
    private readonly byte[] manifest;
    private readonly string manifestDigest;
    private readonly Task serving;

    public StandInRegistry()
    {
        var (layer, diffId) = BaseLayer();
        var layerDigest = Add(layer, "application/vnd.oci.image.layer.v1.tar+gzip");
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new
            {
                Env = BaseEnvironment,
                User = "1654",
                WorkingDir = "/",
            },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        var configDigest = Add(config, "application/vnd.oci.image.config.v1+json");
        manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        manifestDigest = Digest(manifest);

        Port = FreeLoopbackPort();
        listener.Prefixes.Add($"http://localhost:{Port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The ContainerBaseImage value that names the stand-in.</summary>
    public string BaseImage => $"localhost:{Port}/{Repository}:{Tag}";

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        _ = serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Answer(context);
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        (byte[] Content, string MediaType, string Digest)? found =
            path == "/v2/" ? ("{}"u8.ToArray(), "application/json", "") :
            path == $"/v2/{Repository}/manifests/{Tag}" || path == $"/v2/{Repository}/manifests/{manifestDigest}"
                ? (manifest, "application/vnd.oci.image.manifest.v1+json", manifestDigest) :
            path.StartsWith($"/v2/{Repository}/blobs/", StringComparison.Ordinal) && blobs.TryGetValue(path[(path.LastIndexOf('/') + 1)..], out var blob)
                ? (blob.Content, blob.MediaType, path[(path.LastIndexOf('/') + 1)..]) :
            null;
        if (found is not { } answer)
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        response.StatusCode = 200;
        response.ContentType = answer.MediaType;
        response.ContentLength64 = answer.Content.Length;
        if (answer.Digest.Length > 0)
        {
            response.Headers["Docker-Content-Digest"] = answer.Digest;
        }

        if (context.Request.HttpMethod != "HEAD")
        {
            response.OutputStream.Write(answer.Content);
        }

        response.Close();
    }

    private string Add(byte[] content, string mediaType)
    {
        var digest = Digest(content);
        blobs[digest] = (content, mediaType);
        return digest;
    }

    /// <summary>The base layer, compressed, and the digest of its uncompressed tar (the image config's diff_id).</summary>
    private static (byte[] Layer, string DiffId) BaseLayer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            AddFile(writer, "etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n");
            AddFile(writer, "etc/group", "root:x:0:\napp:x:1654:\n");
        }

        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return (gzipped.ToArray(), Digest(tar.ToArray()));
    }

    private static void AddFile(TarWriter writer, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        writer.WriteEntry(entry);
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
