using LambaPages.Localization;

namespace LambaPages.Tests.Localization;

/// <summary>The languages the portal speaks, as a tag from a cookie or a profile names them, and as the footer offers them.</summary>
public sealed class CulturesTests
{
    [Theory]
    [InlineData("de", "de")]
    [InlineData("de-AT", "de")]
    [InlineData("DE", "de")]
    [InlineData("en_GB", "en")]
    [InlineData(" ar ", "ar")]
    [InlineData("ar-EG", "ar")]
    [InlineData("fr", null)]
    [InlineData("fr-CH", null)]
    [InlineData("-de", null)]
    [InlineData("deu", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Matches_a_tag_to_a_supported_language_or_to_none(string? tag, string? expected) =>
        Assert.Equal(expected, Cultures.Match(tag));

    [Fact]
    public void Offers_each_language_in_its_own_words_capitalised()
    {
        Assert.Equal(
            [("en", "English"), ("de", "Deutsch"), ("ar", "العربية")],
            Cultures.Choices.Select(choice => (choice.Culture.Name, choice.OwnName)));
    }
}
