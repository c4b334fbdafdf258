using LambaPages.E2E.Infrastructure;
using Microsoft.Playwright;

namespace LambaPages.E2E.SelfTests;

/// <summary>
/// The axe helper fails on serious findings and says where they are; it does not cry wolf on a clean page; the layout
/// check also fails on a WCAG finding of lower impact; and a page with a frame it cannot see into is refused.
/// </summary>
public sealed class AccessibilityTests
{
    [Fact]
    public async Task Fails_on_a_critical_violation_naming_the_rule_and_the_element()
    {
        await using var context = await (await SharedBrowser.GetAsync()).NewContextAsync();
        var page = await PageWithAsync(context, """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img src="data:," id="logo"></main></body></html>""");

        var error = await Assert.ThrowsAsync<AccessibilityException>(() => Accessibility.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("image-alt [critical]", error.Message, StringComparison.Ordinal);
        Assert.Contains("#logo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_a_page_without_serious_violations()
    {
        await using var context = await (await SharedBrowser.GetAsync()).NewContextAsync();
        var page = await PageWithAsync(context, """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img src="data:," alt="Logo"></main></body></html>""");

        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_wcag_check_fails_on_a_moderate_violation_the_serious_check_lets_through()
    {
        await using var context = await (await SharedBrowser.GetAsync()).NewContextAsync();
        var page = await PageWithAsync(context, """<!DOCTYPE html><html lang="en" xml:lang="fr"><head><title>t</title></head><body><main><h1>Hi</h1></main></body></html>""");

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var error = await Assert.ThrowsAsync<AccessibilityException>(() => Accessibility.AssertWcag22AaAsync(page));

        Assert.Contains("html-xml-lang-mismatch [moderate]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_page_with_a_frame_instead_of_passing_it_half_checked()
    {
        await using var context = await (await SharedBrowser.GetAsync()).NewContextAsync();
        var page = await PageWithAsync(context, """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><iframe title="x" srcdoc="<img src='data:,'>"></iframe></main></body></html>""");

        var error = await Assert.ThrowsAsync<AccessibilityException>(() => Accessibility.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("frame", error.Message, StringComparison.Ordinal);
    }

    private static async Task<IPage> PageWithAsync(IBrowserContext context, string html)
    {
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);
        return page;
    }
}
