using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LambaPages.Bench;

/// <summary>One row of the table: a figure against its goal. A figure the bench could not take says why, never a guess.</summary>
internal sealed record Finding(string Id, string Measure, string Goal, string Value, bool? Met, string Note)
{
    public static Finding NotMeasured(string id, string measure, string goal, string reason) => new(id, measure, goal, "not measured", null, reason);

    public string Verdict => Met switch { true => "met", false => "NOT met", null => "n/a" };
}

/// <summary>The printed table, the docs page and its SVG chart.</summary>
internal sealed class Report(BenchSettings settings, MachineInfo machine)
{
    public static readonly string[] Rows = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9"];

    private const string HistoryHeading = "## History";

    private readonly List<Finding> findings = [];

    public List<WrkRound> Rounds { get; } = [];

    public IReadOnlyList<Finding> Findings => findings;

    public void Add(Finding finding) => findings.Add(finding);

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| # | Measure | Goal | Value | Verdict | How |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in findings.OrderBy(f => Array.IndexOf(Rows, f.Id)).ThenBy(f => f.Measure, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Id} | {row.Measure} | {row.Goal} | {row.Value} | {row.Verdict} | {row.Note} |");
        }

        return text.ToString();
    }

    public string RoundsTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| Round | Target | Requests | Requests/s | p99 | Errors |");
        text.AppendLine("|---|---|---|---|---|---|");
        var number = 0;
        foreach (var round in Rounds)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {++number} | {round.Target} | {round.Requests} | {round.RequestsPerSecond:0} | {round.P99Milliseconds:0.00} ms | {round.Errors} |");
        }

        return text.ToString();
    }

    public void WriteDocs(string markdownPath, string command)
    {
        var svgPath = Path.ChangeExtension(markdownPath, ".svg");
        File.WriteAllText(svgPath, Chart.Svg(Rounds));
        var page = new StringBuilder();
        page.AppendLine("# Benchmarks: the portal against a bare page");
        page.AppendLine();
        page.AppendLine("Written by the bench itself (`" + command + "`); do not edit by hand. Every speed figure is a ratio of the");
        page.AppendLine("portal against a bare Razor page (`bench/BarePage`: a plain bearer cookie and one typed `HttpClient` call to");
        page.AppendLine("`GET /v1/me/context`) measured side by side in the same run: the portal, the bare page and one standalone");
        page.AppendLine("emulator each run as their own process on 127.0.0.1, and portal and bare rounds alternate.");
        page.AppendLine();
        page.AppendLine("## The machine");
        page.AppendLine();
        foreach (var line in machine.Lines())
        {
            page.AppendLine("- " + line);
        }

        page.AppendLine(CultureInfo.InvariantCulture, $"- Run: {(settings.Smoke ? "smoke (figures meaningless)" : "full")}; wrk, {settings.Connections} connections, {settings.Rounds} alternating rounds of {settings.RoundLength.TotalSeconds:0} s per side, after {settings.WarmUp.TotalSeconds:0} s of warm-up load each.");
        page.AppendLine();
        page.AppendLine("## B1–B9 against their goals");
        page.AppendLine();
        page.Append(Table());
        page.AppendLine();
        page.AppendLine("## The load rounds");
        page.AppendLine();
        page.AppendLine("![Requests per second and p99 latency per round, portal against bare page](" + Path.GetFileName(svgPath) + ")");
        page.AppendLine();
        page.Append(RoundsTable());
        // The hand-written history below the generated part (what each change bought) survives a new run.
        if (File.Exists(markdownPath) && File.ReadAllText(markdownPath) is var previous && previous.IndexOf(HistoryHeading, StringComparison.Ordinal) is var at and >= 0)
        {
            page.AppendLine();
            page.Append(previous[at..]);
        }

        File.WriteAllText(markdownPath, page.ToString());
    }
}

/// <summary>What the run ran on, including how busy the machine was (figures are ratios because absolute ones are noisy).</summary>
internal sealed record MachineInfo(string Cpu, int Processors, string Os, string Runtime, string LoadAtStart, string WrkVersion)
{
    public string LoadAtEnd { get; set; } = "";

    /// <summary>Read when the run starts: by the time the report is written, the run's own chart has changed the tree.</summary>
    public string BuiltFrom { get; } = Commit();

    public static MachineInfo Read(string wrkVersion) => new(
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown" : "unknown",
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture,
        RuntimeInformation.FrameworkDescription + ", " + Repository.Configuration + " build",
        LoadAverage(),
        wrkVersion);

    /// <summary>The commit the measured programs were built from (HEAD of the repository, "+ changes" when the tree differs).</summary>
    private static string Commit()
    {
        try
        {
            var head = Git("rev-parse --short HEAD");
            return Git("status --porcelain --untracked-files=no").Length > 0 ? head + " + uncommitted changes" : head;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }

    private static string Git(string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public IEnumerable<string> Lines()
    {
        yield return $"CPU: {Cpu}, {Processors} logical processors (shared with other work)";
        yield return $"OS: {Os}; runtime: {Runtime}; load generator: {WrkVersion}";
        yield return $"Load average (1/5/15 min) at start: {LoadAtStart}; at end: {LoadAtEnd}";
        yield return $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit: {BuiltFrom}";
    }
}

/// <summary>A plain SVG bar chart (no library): requests per second and p99 per round, portal beside bare page.</summary>
internal static class Chart
{
    public static string Svg(IReadOnlyList<WrkRound> rounds)
    {
        const int width = 720, panelHeight = 200, top = 40, left = 60, gap = 70;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{(2 * panelHeight) + (2 * top) + gap}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Panel(svg, rounds, r => r.RequestsPerSecond, "Requests per second (higher is better)", "0", top, left, width, panelHeight);
        Panel(svg, rounds, r => r.P99Milliseconds, "p99 latency in ms (lower is better)", "0.0", top + panelHeight + gap, left, width, panelHeight);
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{width - 170}\" y=\"8\" width=\"12\" height=\"12\" fill=\"#3b6fb6\"/><text x=\"{width - 152}\" y=\"18\">portal</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{width - 100}\" y=\"8\" width=\"12\" height=\"12\" fill=\"#bbbbbb\"/><text x=\"{width - 82}\" y=\"18\">bare page</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, IReadOnlyList<WrkRound> rounds, Func<WrkRound, double> value, string title, string format, int y, int left, int width, int height)
    {
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{y - 12}\" font-weight=\"bold\">{title}</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y + height}\" x2=\"{width - 20}\" y2=\"{y + height}\" stroke=\"black\"/>");
        if (rounds.Count == 0)
        {
            return;
        }

        var max = Math.Max(rounds.Max(value), 1e-9);
        var slot = (double)(width - 20 - left) / rounds.Count;
        for (var i = 0; i < rounds.Count; i++)
        {
            var barHeight = value(rounds[i]) / max * (height - 20);
            var x = left + (i * slot) + (slot * 0.15);
            var colour = rounds[i].Target == "portal" ? "#3b6fb6" : "#bbbbbb";
            svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.0}\" y=\"{y + height - barHeight:0.0}\" width=\"{slot * 0.7:0.0}\" height=\"{barHeight:0.0}\" fill=\"{colour}\"><title>{rounds[i].Target}: {value(rounds[i]).ToString(format, CultureInfo.InvariantCulture)}</title></rect>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.35):0.0}\" y=\"{y + height - barHeight - 4:0.0}\" text-anchor=\"middle\">{value(rounds[i]).ToString(format, CultureInfo.InvariantCulture)}</text>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.35):0.0}\" y=\"{y + height + 14}\" text-anchor=\"middle\">{(rounds[i].Target == "portal" ? "P" : "B")}{(i / 2) + 1}</text>");
        }
    }
}
