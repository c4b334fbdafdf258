using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// axe-core on the page as the user sees it right now; serious and critical findings fail the journey.
/// </summary>
/// <remarks>
/// axe runs in the page itself: its bundled script is in every document of a journey's context
/// (<see cref="AddToEveryPageAsync"/>; injected at the first scan of a document elsewhere) and <c>axe.run</c> returns only
/// the violations, trimmed to what a failure message needs. Deque's Playwright wrapper took about 2.5 s per scan here
/// (it runs axe frame by frame, then opens a blank page to merge the results); this takes about 0.1 s once injected.
/// The portal's pages have no frames, and a page that has one fails the scan rather than going half-checked.
/// </remarks>
public static class Accessibility
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>Every rule axe has, reporting only violations.</summary>
    private const string AllRules = "{ resultTypes: ['violations'] }";

    /// <summary>Only the WCAG 2.0, 2.1 and 2.2 level A and AA rules (the layout check runs these, at every impact).</summary>
    private const string Wcag22AaRules =
        "{ resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }";

    /// <summary>
    /// Puts axe-core into every document the context loads, before the page's own scripts. Injecting it per scan sent its
    /// half a megabyte of source through the driver once per page, about half of each scan's time.
    /// </summary>
    public static Task AddToEveryPageAsync(IBrowserContext context) => context.AddInitScriptAsync(AxeSource.Value);

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var blocking = (await RunAsync(page, AllRules))
            .Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase))
            .ToList();

        if (blocking.Count > 0)
        {
            throw new AccessibilityException(Describe(page.Url, blocking));
        }
    }

    /// <summary>Every WCAG 2.2 AA violation fails, whatever its impact.</summary>
    public static async Task AssertWcag22AaAsync(IPage page)
    {
        var violations = await RunAsync(page, Wcag22AaRules);
        if (violations.Count > 0)
        {
            throw new AccessibilityException(Describe(page.Url, violations, "WCAG 2.2 AA"));
        }
    }

    private static async Task<IReadOnlyList<Violation>> RunAsync(IPage page, string options)
    {
        var scan = await ScanAsync(page, options);
        if (scan is null)
        {
            await page.EvaluateAsync(AxeSource.Value);
            scan = await ScanAsync(page, options) ?? throw new InvalidOperationException($"axe-core did not load into {page.Url}.");
        }

        if (scan.Frames > 0)
        {
            throw new AccessibilityException($"{page.Url} has {scan.Frames} frame(s); the scan checks the top document only, so it refuses to pass it.");
        }

        return scan.Violations;
    }

    /// <summary>
    /// One evaluation per scan, null when axe is not in the page yet (a context without <see cref="AddToEveryPageAsync"/>).
    /// A page with frames is answered before axe runs, since axe would not see into them.
    /// </summary>
    private static async Task<Scan?> ScanAsync(IPage page, string options)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            $$"""
            async () => {
              if (typeof window.axe !== 'object') return null;
              const frames = document.querySelectorAll('iframe, frame').length;
              if (frames > 0) return { frames, violations: [] };
              const violations = (await axe.run(document, {{options}})).violations.map(v => ({
                id: v.id, impact: v.impact ?? '', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                  target: n.target.join(' '), html: n.html,
                  messages: [...new Set([...n.any, ...n.all, ...n.none].map(c => c.message).filter(m => m && m.trim()))],
                })),
              }));
              return { frames, violations };
            }
            """);
        return result.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : result.Deserialize<Scan>(JsonOptions);
    }

    private static string Describe(string url, IEnumerable<Violation> violations, string kind = "serious or critical")
    {
        var text = new StringBuilder($"Accessibility violations ({kind}) on {url}:");
        foreach (var violation in violations)
        {
            text.AppendLine().Append($"- {violation.Id} [{violation.Impact}]: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine().Append($"    at {node.Target}: {node.Html}");
                foreach (var message in node.Messages)
                {
                    text.AppendLine().Append("      ").Append(message);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>What one scan found: the page's frames (then axe did not run), or axe's violations.</summary>
    private sealed record Scan(int Frames, Violation[] Violations);

    /// <summary>One axe rule's violation, as <see cref="RunAsync"/> trims it.</summary>
    private sealed record Violation(string Id, string Impact, string Help, string HelpUrl, ViolationNode[] Nodes);

    private sealed record ViolationNode(string Target, string Html, string[] Messages);
}

public sealed class AccessibilityException(string message) : Exception(message);
