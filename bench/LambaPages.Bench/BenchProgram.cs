using System.Diagnostics;

namespace LambaPages.Bench;

/// <summary>
/// bench/run.sh [--smoke] [--out FILE] [--only GROUPS]: starts one emulator, the portal and the bare page as their own
/// processes, measures B1-B9 (issue 11) side by side, prints the table and writes docs/benchmarks.md (the full run only,
/// unless --out says where). --only load,authz,fault,signin,expiry measures just those groups (load: B1 B2 B3 B5 B9
/// without B6's long top-up; authz: B3; fault: B7; signin: B8; expiry: B4), for an A/B of one change; it writes no
/// docs unless --out says where. Exit code: 0 when every row was produced, 1 on a functional failure (a page that did not work,
/// a missing row), 2 on a hang. No timing ever decides the exit code. BENCH_KEEP_LOGS=1 keeps the servers' logs of a
/// successful run too (a failed one always keeps them).
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = args.Contains("--smoke") ? BenchSettings.SmokeRun : BenchSettings.Full;
        var groups = Argument(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (groups is not null)
        {
            settings = settings with { SteadyStateTopUpLimit = TimeSpan.Zero };
        }

        bool Runs(string group) => groups is null || groups.Contains(group);
        var output = Argument(args, "--out") is { } outFile ? Path.GetFullPath(outFile)
            : settings.Smoke || groups is not null ? null : Path.Combine(Repository.Root, "docs", "benchmarks.md");
        // A safety stop for a hang, not a verdict on speed.
        using var stop = new CancellationTokenSource(settings.Smoke ? TimeSpan.FromSeconds(180) : TimeSpan.FromMinutes(20));
        var workDirectory = Directory.CreateTempSubdirectory("lambapages-bench-").FullName;
        try
        {
            var machine = MachineInfo.Read(await WrkVersionAsync());
            Console.WriteLine($"LambaPages bench ({(settings.Smoke ? "smoke" : "full")}), {Repository.Configuration} build; load average {machine.LoadAtStart}; logs in {workDirectory}");
            var report = new Report(settings, machine);
            var clock = Stopwatch.StartNew();
            await using (var servers = await BenchServers.StartAsync(settings, workDirectory, stop.Token))
            {
                using var emulatorClient = new HttpClient { BaseAddress = servers.Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                using var measurements = new Measurements(servers, new EmulatorControl(emulatorClient), settings, report);
                Progress(clock, "three processes answering");
                // Order matters: B4 moves the emulator's clock, which expires every session's access token, so it runs last.
                (string Group, string Done, Func<CancellationToken, Task> Measure)[] steps =
                [
                    ("load", "B1 B2 B3 B5 B6 B9 (load rounds)", measurements.LoadAsync),
                    ("authz", "B3 (authorization calls)", measurements.AuthorizationCallsAsync),
                    ("fault", "B7 (Lamba answering 503)", measurements.LambaUnavailableAsync),
                    ("signin", "B8 (rate-limited sign-in)", measurements.RateLimitedSignInAsync),
                    ("expiry", "B4 (expired token)", measurements.ExpiredTokenAsync),
                ];
                foreach (var (_, done, measure) in steps.Where(step => Runs(step.Group)))
                {
                    await measure(stop.Token);
                    Progress(clock, done);
                }
            }

            machine.LoadAtEnd = MachineInfo.LoadAverage();
            Console.WriteLine();
            Console.Write(report.Table());
            var missing = groups is null ? Report.Rows.Where(id => report.Findings.All(f => f.Id != id)).ToList() : [];
            Functional.Expect(missing.Count == 0, $"No figure for {string.Join(", ", missing)}.");
            if (output is not null)
            {
                report.WriteDocs(output, settings.Smoke ? "bench/run.sh --smoke" : "bench/run.sh");
                Console.WriteLine($"Wrote {output} and {Path.ChangeExtension(output, ".svg")}");
            }

            Console.WriteLine(settings.Smoke ? "Smoke run: every row was produced (its figures mean nothing)." : "Ratios measured side by side in one run; see docs/benchmarks.md.");
            if (Environment.GetEnvironmentVariable("BENCH_KEEP_LOGS") != "1")
            {
                Directory.Delete(workDirectory, recursive: true);
            }

            return 0;
        }
        catch (FunctionalFailureException ex)
        {
            Console.Error.WriteLine($"FUNCTIONAL FAILURE: {ex.Message}\nServer logs kept in {workDirectory}");
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"STOPPED: the run did not finish in time (a hang, not a slow figure). Server logs kept in {workDirectory}");
            return 2;
        }
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static void Progress(Stopwatch clock, string done) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0} s] {done}");

    private static async Task<string> WrkVersionAsync()
    {
        var start = new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "wrk";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new FunctionalFailureException("wrk is not installed: run bench/run.sh, which installs the Debian package wrk.");
        }
    }
}
