using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LambaPages.Localization;

/// <summary>
/// The portal's words: one resource set (Text.resx, Text.de.resx, Text.ar.resx) whose keys are the English text, so a
/// page reads as it renders in English. Views inject <c>IStringLocalizer&lt;Text&gt;</c>; code without a request scope
/// (helpers, static messages) uses <see cref="Localizer"/>. Both follow the request's UI culture.
/// </summary>
public sealed class Text
{
    private Text()
    {
    }

    /// <summary>The same resources as the injected <c>IStringLocalizer&lt;Text&gt;</c>, for code that has no services.</summary>
    public static IStringLocalizer Localizer { get; } = new CachingStringLocalizer(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Text)));

    /// <summary>The text for <paramref name="english"/> in the current UI culture; the English itself when it has no entry.</summary>
    public static string Get(string english) => Localizer[english];

    /// <summary>A translated format string with its arguments filled in the current culture.</summary>
    public static string Format(string english, params object[] arguments) => Localizer[english, arguments];
}
