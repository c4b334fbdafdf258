using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LambaPages.E2E.Infrastructure;

/// <summary>axe-core on the page as the user sees it right now; serious and critical findings fail the journey.</summary>
public static class Accessibility
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    // Only violations are read; asking axe for nothing else keeps a scan well under a second.
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Only the WCAG 2.0, 2.1 and 2.2 level A and AA rules (the layout check runs these, at every impact).</summary>
    private static readonly AxeRunOptions Wcag22AaOptions = new()
    {
        ResultTypes = [ResultType.Violations],
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(Options);
        var blocking = result.Violations
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
        var violations = (await page.RunAxe(Wcag22AaOptions)).Violations.ToList();
        if (violations.Count > 0)
        {
            throw new AccessibilityException(Describe(page.Url, violations, "WCAG 2.2 AA"));
        }
    }

    private static string Describe(string url, IEnumerable<AxeResultItem> violations, string kind = "serious or critical")
    {
        var text = new StringBuilder($"Accessibility violations ({kind}) on {url}:");
        foreach (var violation in violations)
        {
            text.AppendLine().Append($"- {violation.Id} [{violation.Impact}]: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine().Append($"    at {node.Target}: {node.Html}");
                var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []);
                foreach (var message in checks.Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).Distinct())
                {
                    text.AppendLine().Append("      ").Append(message);
                }
            }
        }

        return text.ToString();
    }
}

public sealed class AccessibilityException(string message) : Exception(message);
