using System.Globalization;
using LambaPages.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LambaPages.Tests.Localization;

/// <summary>The remembered texts answer as the resource localizer does, per UI culture, and only resource keys are kept.</summary>
public sealed class CachingStringLocalizerTests
{
    private readonly IStringLocalizer resources =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Text));

    [Fact]
    public void Answers_each_culture_in_its_own_words_from_the_first_ask_on()
    {
        var cached = new CachingStringLocalizer(resources);

        var answers = new List<string>();
        foreach (var culture in new[] { "de", "en", "de", "ar", "en" })
        {
            using var _ = new UiCulture(culture);
            answers.Add(cached["Profile saved."].Value);
            Assert.Equal(resources["Profile saved."].Value, answers[^1]);
        }

        Assert.Equal("Profil gespeichert.", answers[0]);
        Assert.Equal("Profile saved.", answers[1]);
        Assert.Same(cached["Profile saved."], cached["Profile saved."]);
    }

    [Fact]
    public void Passes_a_name_that_is_no_resource_through_without_keeping_it()
    {
        var cached = new CachingStringLocalizer(resources);
        using var _ = new UiCulture("de");

        var first = cached["An upstream message no resource file has"];
        var second = cached["An upstream message no resource file has"];

        Assert.True(first.ResourceNotFound);
        Assert.Equal("An upstream message no resource file has", first.Value);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Formats_with_the_current_culture()
    {
        var cached = new CachingStringLocalizer(resources);
        using var _ = new UiCulture("de");

        Assert.Equal(resources["You can request a new code in {0} seconds.", 12].Value, cached["You can request a new code in {0} seconds.", 12].Value);
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo before = CultureInfo.CurrentUICulture;
        private readonly CultureInfo beforeFormat = CultureInfo.CurrentCulture;

        public UiCulture(string name)
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        }

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = before;
            CultureInfo.CurrentCulture = beforeFormat;
        }
    }
}
