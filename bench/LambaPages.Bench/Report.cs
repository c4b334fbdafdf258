using System.Globalization;

namespace LambaPages.Bench;

/// <summary>The printed table: one row per figure, with a note saying what it counts, in the order of the brief's sections.</summary>
internal sealed class Report
{
    private readonly List<(int Section, string Measure, string Value, string Note)> rows = [];

    /// <summary>Adds a row to a numbered section; sections print in order whatever order they were measured in.</summary>
    public void Add(int section, string measure, string value, string note = "") =>
        rows.Add((section, $"{section}. {measure}", value, note));

    public void Print(TextWriter output)
    {
        var measureWidth = Math.Max("Measure".Length, rows.Max(r => r.Measure.Length));
        var valueWidth = Math.Max("Value".Length, rows.Max(r => r.Value.Length));
        output.WriteLine($"{"Measure".PadRight(measureWidth)} | {"Value".PadLeft(valueWidth)} | Note");
        output.WriteLine($"{new string('-', measureWidth)}-+-{new string('-', valueWidth)}-+-{new string('-', 40)}");
        foreach (var (_, measure, value, note) in rows.OrderBy(r => r.Section))
        {
            output.WriteLine($"{measure.PadRight(measureWidth)} | {value.PadLeft(valueWidth)} | {note}".TrimEnd());
        }
    }

    public static string Ms(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double ratio) => double.IsFinite(ratio) ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    /// <summary>Nearest-rank percentile of durations in milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
