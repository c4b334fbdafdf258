using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook in the global namespace.

/// <summary>
/// Loaded by the runtime before Main when BENCH_PROBE_SOCKET is set with DOTNET_STARTUP_HOOKS: every connection to
/// that Unix socket gets one line, then is closed: "allocated=&lt;bytes allocated so far&gt; committed=&lt;bytes the GC has
/// committed&gt; jitted=&lt;methods compiled by the JIT so far&gt;". The last two tell a growing working set's heap from its code.
/// With BENCH_PROBE_TYPES_FILE set as well (a profile, by hand: see bench/README), the runtime's allocation samples
/// (one about every 100 KB) are also summed by type, and each probe rewrites that file ({pid} in its name is replaced).
/// </summary>
internal static class StartupHook
{
    private static AllocationsByType? byType;

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_PROBE_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("BENCH_PROBE_TYPES_FILE") is { Length: > 0 } typesFile)
        {
            byType = new AllocationsByType(typesFile.Replace("{pid}", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
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
            var line = string.Create(CultureInfo.InvariantCulture,
                $"allocated={GC.GetTotalAllocatedBytes(precise: true)} committed={GC.GetGCMemoryInfo().TotalCommittedBytes} jitted={System.Runtime.JitInfo.GetCompiledMethodCount()}\n");
            connection.Send(Encoding.ASCII.GetBytes(line));
            connection.Shutdown(SocketShutdown.Both);
            byType?.Write();
        }
    }

    /// <summary>The runtime's GCAllocationTick events (GC keyword, verbose), summed by the type that crossed each sample.</summary>
    private sealed class AllocationsByType(string file) : EventListener
    {
        private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);

        public void Write() => File.WriteAllLines(file, bytes.OrderByDescending(b => b.Value).Take(60)
            .Select(b => $"{b.Value / 1024,12:N0} KB  {b.Key}"));

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
            {
                return;
            }

            var type = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
            var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture) : 0;
            bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
        }
    }
}
