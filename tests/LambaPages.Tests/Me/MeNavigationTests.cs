using LambaPages.Features.Me;

namespace LambaPages.Tests.Me;

public sealed class MeNavigationTests
{
    [Theory]
    [InlineData("/Me/Index", "/Me/Index")]
    [InlineData("/Me/Profile/Index", "/Me/Profile")]
    [InlineData("/Me/Security/Totp/Index", "/Me/Security")]
    [InlineData("/Me/Security/Totp/RecoveryCodes", "/Me/Security")]
    [InlineData("/Me", "/Me")]
    [InlineData("", "")]
    public void A_page_belongs_to_the_section_of_its_first_two_segments(string page, string section) =>
        Assert.Equal(section, MeNavigation.SectionOf(page));

    [Fact]
    public void Every_link_opens_its_own_section_so_exactly_one_is_current() =>
        Assert.Equal(MeNavigation.Links.Count, MeNavigation.Links.Select(link => link.Section).Distinct().Count());
}
