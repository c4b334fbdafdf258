using System.Globalization;

namespace LambaPages.Localization;

/// <summary>The languages the portal speaks: English (the default), German, and Arabic (right to left).</summary>
public static class Cultures
{
    public const string Default = "en";

    public static readonly IReadOnlyList<CultureInfo> Supported =
        [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("de"), CultureInfo.GetCultureInfo("ar")];

    /// <summary>
    /// Each supported language in its own words, capitalised ("English", "Deutsch", "العربية"): the footer's choices,
    /// made once rather than on every page view.
    /// </summary>
    public static readonly IReadOnlyList<(CultureInfo Culture, string OwnName)> Choices =
        [.. Supported.Select(culture => (culture, culture.TextInfo.ToTitleCase(culture.NativeName)))];

    /// <summary>The supported language a tag asks for ("de-AT" → "de"), or null when the portal does not speak it.</summary>
    public static string? Match(string? tag)
    {
        // Read from the preferences cookie on every request: spans, so no strings are cut out to compare.
        var language = tag.AsSpan().Trim();
        if (language.IndexOfAny('-', '_') is var end and >= 0)
        {
            language = language[..end];
        }

        foreach (var culture in Supported)
        {
            if (language.Equals(culture.Name, StringComparison.OrdinalIgnoreCase))
            {
                return culture.Name;
            }
        }

        return null;
    }

    /// <summary>"rtl" for Arabic, "ltr" otherwise: the layout's dir attribute.</summary>
    public static string Direction(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";
    }
}
