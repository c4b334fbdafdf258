using System.Text.RegularExpressions;

namespace Lamba.Emulator.Me;

/// <summary>
/// BCP 47 language tags, checked by shape (language, optional script, region and variants; no extensions or
/// private use) rather than against the machine's ICU data, so the answer is the same on every host.
/// </summary>
public static partial class LanguageTags
{
    private const int MaxLength = 35;

    /// <summary>Checks a tag and gives it its conventional casing (<c>en-gb</c> becomes <c>en-GB</c>, <c>zh-hant</c> <c>zh-Hant</c>).</summary>
    public static bool TryNormalize(string value, out string? tag)
    {
        tag = null;
        var trimmed = value.Trim();
        if (trimmed.Length > MaxLength || !Shape().IsMatch(trimmed))
        {
            return false;
        }

        var parts = trimmed.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            parts[i] = i == 0 ? part.ToLowerInvariant()
                : part.Length == 4 && part.All(char.IsAsciiLetter) ? char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()
                : part.Length == 2 && part.All(char.IsAsciiLetter) ? part.ToUpperInvariant()
                : part.ToLowerInvariant();
        }

        tag = string.Join('-', parts);
        return true;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex Shape();
}
