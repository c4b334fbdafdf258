using System.Globalization;

namespace LambaPages.Localization;

/// <summary>"5 minutes ago" (or "in 3 days") next to the exact time in the user's own time zone, in the current culture.</summary>
public static class RelativeTime
{
    public static string Ago(DateTimeOffset moment, DateTimeOffset now)
    {
        var elapsed = now - moment;
        var future = elapsed < TimeSpan.Zero;
        var span = future ? -elapsed : elapsed;
        if (span < TimeSpan.FromMinutes(1))
        {
            return Text.Get("just now");
        }

        var (count, unit) = span switch
        {
            _ when span < TimeSpan.FromHours(1) => ((int)span.TotalMinutes, "minutes"),
            _ when span < TimeSpan.FromDays(1) => ((int)span.TotalHours, "hours"),
            _ when span < TimeSpan.FromDays(30) => ((int)span.TotalDays, "days"),
            _ when span < TimeSpan.FromDays(365) => ((int)(span.TotalDays / 30), "months"),
            _ => ((int)(span.TotalDays / 365), "years"),
        };
        return Plural.Format(future ? $"in {{0}} {unit}" : $"{{0}} {unit} ago", count);
    }

    /// <summary>"28 Nov 2026, 14:05 Europe/Paris" (the date pattern is the culture's own, from the resources).</summary>
    public static string Exact(DateTimeOffset moment, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var name = zone.HasIanaId || zone.Id == "UTC" ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
        return local.ToString(Text.Get("d MMM yyyy, HH:mm"), CultureInfo.CurrentCulture) + " " + name;
    }
}

/// <summary>
/// Counted phrases in the current language. A resource key "{0} minutes ago" has one entry per plural category:
/// "{0} minutes ago|one" and "|other" in English and German; Arabic adds "|zero", "|two", "|few" and "|many".
/// </summary>
public static class Plural
{
    public static string Format(string key, int count)
    {
        var localizer = Text.Localizer;
        var entry = localizer[key + "|" + Category(CultureInfo.CurrentUICulture, count)];
        if (entry.ResourceNotFound)
        {
            entry = localizer[key + "|other"];
        }

        return string.Format(CultureInfo.CurrentCulture, entry.Value, count);
    }

    /// <summary>Every form of a counted phrase in the current language, by category, for script that counts in the page.</summary>
    public static IReadOnlyDictionary<string, string> Forms(string key)
    {
        string[] categories = ["zero", "one", "two", "few", "many", "other"];
        return categories
            .Select(category => (category, text: Text.Localizer[key + "|" + category]))
            .Where(form => !form.text.ResourceNotFound)
            .ToDictionary(form => form.category, form => form.text.Value, StringComparer.Ordinal);
    }

    /// <summary>The CLDR plural category of an integer (the rules for the three languages the portal speaks).</summary>
    public static string Category(CultureInfo culture, int count)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (culture.TwoLetterISOLanguageName != "ar")
        {
            return count == 1 ? "one" : "other";
        }

        var rest = count % 100;
        return count switch
        {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ when rest is >= 3 and <= 10 => "few",
            _ when rest is >= 11 and <= 99 => "many",
            _ => "other",
        };
    }
}
