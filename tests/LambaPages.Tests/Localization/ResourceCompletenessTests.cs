using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LambaPages.Features.Admin;
using LambaPages.Features.Me;
using LambaPages.Hosting;
using LambaPages.Localization;

namespace LambaPages.Tests.Localization;

/// <summary>
/// The portal's words live in Text.resx (English, the keys), Text.de.resx and Text.ar.resx. A key missing in any
/// language, a text the code asks for that has no entry, or a translation that drops a placeholder fails here.
/// </summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly string Portal = Path.Combine(RepoRoot(), "src", "LambaPages");
    private static readonly IReadOnlyDictionary<string, string> English = Load("Text.resx");

    public static TheoryData<string> Languages => new() { "de", "ar" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_english_key_has_a_translation(string language)
    {
        var translated = Load($"Text.{language}.resx");

        var missing = English.Keys.Where(key => !Has(translated, key)).ToList();
        var empty = translated.Where(entry => string.IsNullOrWhiteSpace(entry.Value)).Select(entry => entry.Key).ToList();

        Assert.True(missing.Count == 0, $"Missing in Text.{language}.resx:\n" + string.Join("\n", missing));
        Assert.True(empty.Count == 0, $"Empty in Text.{language}.resx:\n" + string.Join("\n", empty));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_translation_has_no_key_that_english_lacks(string language)
    {
        var stale = Load($"Text.{language}.resx").Keys.Where(key => !English.ContainsKey(key) && !English.ContainsKey(Base(key) + "|other")).ToList();

        Assert.True(stale.Count == 0, $"Keys in Text.{language}.resx that English does not have:\n" + string.Join("\n", stale));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_translation_keeps_every_placeholder_of_its_key(string language)
    {
        var translated = Load($"Text.{language}.resx");
        var broken = English
            // Counted phrases may spell the number out ("one minute"); only the others must keep every {n}.
            .Where(entry => !entry.Key.Contains('|', StringComparison.Ordinal) && translated.ContainsKey(entry.Key))
            .Where(entry => !Placeholders(entry.Value).SetEquals(Placeholders(translated[entry.Key])))
            .Select(entry => $"{entry.Key} → {translated[entry.Key]}")
            .ToList();

        Assert.True(broken.Count == 0, "Placeholders differ:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_text_the_pages_and_code_ask_for_has_an_english_entry()
    {
        var asked = AskedKeys().ToHashSet(StringComparer.Ordinal);

        var missing = asked.Where(key => !Has(English, key)).Order(StringComparer.Ordinal).ToList();

        Assert.True(asked.Count > 250, $"Only {asked.Count} texts found: the scan no longer sees the pages.");
        Assert.True(missing.Count == 0, "Asked for but not in Text.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_navigation_text_has_an_english_entry()
    {
        // The layout shows these through L[link.Text]: data, not literals, so the scan above cannot see them.
        var texts = MeNavigation.Links.Select(link => link.Text).Concat(AdminNavigation.Links.Select(link => link.Text)).ToList();

        var missing = texts.Where(text => !English.ContainsKey(text)).ToList();

        Assert.True(texts.Count >= 10, $"Only {texts.Count} navigation texts found.");
        Assert.True(missing.Count == 0, "Navigation texts not in Text.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_message_constant_has_an_english_entry()
    {
        var messages = typeof(LambaPagesApplication).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Messages", StringComparison.Ordinal))
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            // Header names and keys are not words.
            .Where(value => value.Contains(' ', StringComparison.Ordinal))
            .ToList();

        var missing = messages.Where(message => !English.ContainsKey(message)).ToList();

        Assert.NotEmpty(messages);
        Assert.True(missing.Count == 0, "Message constants not in Text.resx:\n" + string.Join("\n", missing));
    }

    [Theory]
    [InlineData("de", "Sign out", "Abmelden")]
    [InlineData("ar", "Sign out", "تسجيل الخروج")]
    [InlineData("en", "Sign out", "Sign out")]
    public void The_compiled_resources_speak_each_language(string culture, string key, string expected)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(expected, Text.Get(key));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("en", 1, "1 minute ago")]
    [InlineData("en", 5, "5 minutes ago")]
    [InlineData("de", 1, "vor 1 Minute")]
    [InlineData("de", 5, "vor 5 Minuten")]
    [InlineData("ar", 1, "منذ دقيقة واحدة")]
    [InlineData("ar", 2, "منذ دقيقتين")]
    [InlineData("ar", 5, "منذ 5 دقائق")]
    [InlineData("ar", 11, "منذ 11 دقيقة")]
    public void Counts_follow_each_languages_plural_rules(string culture, int minutes, string expected)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(expected, RelativeTime.Ago(now.AddMinutes(-minutes), now));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    /// <summary>L["…"] and H["…"] in the views; Text.Get/Format, Plural.Format and WithMessage literals in the code.</summary>
    private static IEnumerable<string> AskedKeys()
    {
        foreach (var file in Directory.EnumerateFiles(Portal, "*.cshtml", SearchOption.AllDirectories))
        {
            foreach (Match match in ViewKey().Matches(File.ReadAllText(file)))
            {
                yield return Unescape(match.Groups[1].Value);
            }
        }

        foreach (var file in Directory.EnumerateFiles(Portal, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match match in CodeKey().Matches(File.ReadAllText(file)))
            {
                yield return Unescape(match.Groups[1].Value);
            }
        }
    }

    /// <summary>A plain key, or a counted one whose language has its "other" form.</summary>
    private static bool Has(IReadOnlyDictionary<string, string> resources, string key) =>
        resources.ContainsKey(key) || resources.ContainsKey(Base(key) + "|other");

    private static string Base(string key) => key.Split('|')[0];

    private static HashSet<string> Placeholders(string text) => PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static string Unescape(string literal) => literal.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Portal, "Localization", file)).Root!.Elements("data")
            .ToDictionary(data => (string)data.Attribute("name")!, data => (string?)data.Element("value") ?? "", StringComparer.Ordinal);

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambaPages.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LambaPages.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\b[LH]\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ViewKey();

    [GeneratedRegex(@"(?:Text\.Get|Text\.Format|Plural\.Format|WithMessage)\(""((?:[^""\\]|\\.)*)""")]
    private static partial Regex CodeKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
