using System.Globalization;

namespace LambaPages.Features.Me.Sessions;

/// <summary>"5 minutes ago" next to the exact time in the user's own time zone.</summary>
public static class RelativeTime
{
    public static string Ago(DateTimeOffset moment, DateTimeOffset now)
    {
        var elapsed = now - moment;
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        return elapsed switch
        {
            _ when elapsed < TimeSpan.FromHours(1) => Plural((int)elapsed.TotalMinutes, "minute"),
            _ when elapsed < TimeSpan.FromDays(1) => Plural((int)elapsed.TotalHours, "hour"),
            _ when elapsed < TimeSpan.FromDays(30) => Plural((int)elapsed.TotalDays, "day"),
            _ when elapsed < TimeSpan.FromDays(365) => Plural((int)(elapsed.TotalDays / 30), "month"),
            _ => Plural((int)(elapsed.TotalDays / 365), "year"),
        };
    }

    /// <summary>"28 Nov 2026, 14:05 Europe/Paris".</summary>
    public static string Exact(DateTimeOffset moment, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var name = zone.HasIanaId || zone.Id == "UTC" ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
        return local.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " " + name;
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
