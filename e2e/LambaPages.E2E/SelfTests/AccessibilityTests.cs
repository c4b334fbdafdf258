using LambaPages.E2E.Infrastructure;

namespace LambaPages.E2E.SelfTests;

/// <summary>The axe helper fails on serious findings and says where they are; it does not cry wolf on a clean page.</summary>
public sealed class AccessibilityTests
{
    [Fact]
    public async Task Fails_on_a_critical_violation_naming_the_rule_and_the_element()
    {
        var browser = await SharedBrowser.GetAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img src="data:," id="logo"></main></body></html>""");

        var error = await Assert.ThrowsAsync<AccessibilityException>(() => Accessibility.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("image-alt [critical]", error.Message, StringComparison.Ordinal);
        Assert.Contains("#logo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_a_page_without_serious_violations()
    {
        var browser = await SharedBrowser.GetAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img src="data:," alt="Logo"></main></body></html>""");

        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
