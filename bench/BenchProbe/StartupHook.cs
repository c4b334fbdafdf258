using System.Globalization;
using System.Net.Sockets;
using System.Text;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook in the global namespace.

/// <summary>
/// Loaded by the runtime before Main when BENCH_PROBE_SOCKET is set with DOTNET_STARTUP_HOOKS: every connection to
/// that Unix socket gets one line, "allocated=&lt;bytes allocated by the process so far&gt;", then is closed.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_PROBE_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        // A plain background thread, not the thread pool: the probe must not queue behind the load it measures.
        new Thread(() => Answer(listener)) { IsBackground = true, Name = "bench-probe" }.Start();
    }

    private static void Answer(Socket listener)
    {
        while (true)
        {
            using var connection = listener.Accept();
            var line = "allocated=" + GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture) + "\n";
            connection.Send(Encoding.ASCII.GetBytes(line));
            connection.Shutdown(SocketShutdown.Both);
        }
    }
}
