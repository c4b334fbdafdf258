using System.Globalization;

namespace LambaPages.Localization;

/// <summary>The languages the portal speaks: English (the default), German, and Arabic (right to left).</summary>
public static class Cultures
{
    public const string Default = "en";

    public static readonly IReadOnlyList<CultureInfo> Supported =
        [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("de"), CultureInfo.GetCultureInfo("ar")];

    /// <summary>The supported language a tag asks for ("de-AT" → "de"), or null when the portal does not speak it.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var language = tag.Trim().Split('-', '_')[0];
        return Supported.FirstOrDefault(c => string.Equals(c.Name, language, StringComparison.OrdinalIgnoreCase))?.Name;
    }

    /// <summary>"rtl" for Arabic, "ltr" otherwise: the layout's dir attribute.</summary>
    public static string Direction(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";
    }
}
