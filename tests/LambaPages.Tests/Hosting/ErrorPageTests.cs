using System.Net;
using System.Text.RegularExpressions;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Hosting;

/// <summary>
/// In Production, a failure shows the one error page with a trace id, and nothing of the exception: no message, no
/// type, no stack frame, no source path, and not Lamba's own problem detail. The log tells the operator what failed.
/// </summary>
public sealed partial class ErrorPageTests
{
    [Theory]
    [InlineData(500, HttpStatusCode.BadGateway)] // Lamba fails: an upstream error.
    [InlineData(418, HttpStatusCode.InternalServerError)] // An answer the portal does not expect: an unhandled exception.
    public async Task Shows_no_exception_detail_in_production_only_a_trace_id(int lambaStatus, HttpStatusCode expected)
    {
        await using var host = await PortalHost.StartAsync(
            settings: new Dictionary<string, string?> { ["LAMBA_PUBLIC_ORIGIN"] = "https://localhost" }, environment: "Production");
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        await host.AddFaultAsync("GET /v1/me/context", lambaStatus, count: 10);

        var page = await browser.GetAsync("/Me");

        Assert.Equal(expected, page.Status);
        Assert.Equal("Something went wrong", Html.H1(page.Html));
        Assert.Matches("Trace id: <code>[0-9a-f]{32}</code>", page.Html);
        if (expected == HttpStatusCode.InternalServerError)
        {
            // An unexpected failure is logged with its stack for the operator, never shown to the user.
            Assert.Contains(host.Logs.Lines, line => line.Contains(" !! ", StringComparison.Ordinal) && StackFrame().IsMatch(line));
        }
        else
        {
            // Lamba failing is expected: one line saying what was answered and why, with no stack (an outage would
            // otherwise write forty lines per view).
            Assert.Contains(host.Logs.Lines, line => line.Contains("Answered 502: ", StringComparison.Ordinal) && line.Contains("Exception", StringComparison.Ordinal));
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(" !! ", StringComparison.Ordinal));
        }

        Assert.DoesNotMatch(StackFrame(), page.Html);
        foreach (var detail in new[] { "Exception", "Refit", "Lamba.AspNetCore", "LambaPages.", ".cs:line", "Injected by /_emulator/faults", "status code does not indicate" })
        {
            Assert.DoesNotContain(detail, page.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]+[.(]")]
    private static partial Regex StackFrame();
}
