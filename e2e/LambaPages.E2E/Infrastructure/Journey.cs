using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// One user journey: a fresh BrowserContext (own cookies) on the portal, tracing on, the emulator reset.
/// On failure it keeps a trace zip, a full-page screenshot and the portal's log lines under
/// <c>{artifactsDir}/{Class.Test}/</c>, then rethrows. It also insists that every page the browser landed
/// on got an accessibility scan, so a new step cannot skip one by accident.
/// </summary>
public sealed partial class Journey : IAsyncDisposable
{
    private readonly PlaywrightSettings settings = PlaywrightSettings.Current;
    private readonly HashSet<string> visited = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> scanned = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> consoleErrors = [];

    private Journey(AppFixture app, IBrowserContext context, IPage page, string name)
    {
        App = app;
        Context = context;
        Page = page;
        Name = name;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                lock (visited)
                {
                    visited.Add(PathOf(frame.Url));
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (consoleErrors)
                {
                    consoleErrors.Add($"{message.Location}: {message.Text}");
                }
            }
        };
    }

    public AppFixture App { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Name { get; }

    /// <summary>Runs <paramref name="body"/> as one journey named after the calling test.</summary>
    public static async Task RunAsync(
        AppFixture app,
        ITestOutputHelper output,
        Func<Journey, Task> body,
        [CallerMemberName] string testName = "",
        [CallerFilePath] string testFile = "")
    {
        var name = $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}";
        DeleteStaleEvidence(name);
        await app.ResetEmulatorAsync();
        app.PortalLogs.Drain();

        var journey = await StartAsync(app, name);
        await using (journey)
        {
            try
            {
                await body(journey);
                journey.AssertEveryVisitedPageWasScanned();
                if (journey.settings.TraceOnFailure)
                {
                    // Passed: the trace is discarded, nothing is written.
                    await journey.Context.Tracing.StopAsync();
                }
            }
            catch (Exception ex)
            {
                await journey.KeepEvidenceAsync(output, ex);
                throw;
            }
        }
    }

    /// <summary>axe-core on the current page; serious or critical violations fail the journey.</summary>
    public async Task AssertAccessibleAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        await Accessibility.AssertNoSeriousViolationsAsync(Page);
        lock (visited)
        {
            scanned.Add(PathOf(Page.Url));
        }
    }

    /// <summary>axe-core with the WCAG 2.2 AA rules only, failing on any of their violations (the layout check).</summary>
    public async Task AssertWcag22AaAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        await Accessibility.AssertWcag22AaAsync(Page);
        lock (visited)
        {
            scanned.Add(PathOf(Page.Url));
        }
    }

    /// <summary>Goes to a portal path (relative to the portal's base address).</summary>
    public async Task<IResponse?> GotoAsync(string path) => await Page.GotoAsync(path);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private static async Task<Journey> StartAsync(AppFixture app, string name)
    {
        var settings = PlaywrightSettings.Current;
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.PortalAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "UTC",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(settings.Timeouts.ActionMs);
        context.SetDefaultNavigationTimeout(settings.Timeouts.NavigationMs);
        // Every page a journey lands on gets a scan, so axe is put into each document up front.
        await Accessibility.AddToEveryPageAsync(context);
        if (settings.TraceOnFailure)
        {
            await context.Tracing.StartAsync(new TracingStartOptions { Title = name, Screenshots = true, Snapshots = true, Sources = false });
        }

        var page = await context.NewPageAsync();
        return new Journey(app, context, page, name);
    }

    private void AssertEveryVisitedPageWasScanned()
    {
        lock (visited)
        {
            var missing = visited.Where(path => path != "about:blank" && !scanned.Contains(path)).ToList();
            Assert.True(missing.Count == 0, $"Pages visited without an accessibility scan (call AssertAccessibleAsync on each): {string.Join(", ", missing)}");
        }
    }

    private static string EvidenceDir(string name) => Path.Combine(PlaywrightSettings.Current.ArtifactsPath, SafeName().Replace(name, "_"));

    /// <summary>Evidence always belongs to the latest run of a test: a now-passing test leaves none behind.</summary>
    private static void DeleteStaleEvidence(string name)
    {
        var dir = EvidenceDir(name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task KeepEvidenceAsync(ITestOutputHelper output, Exception failure)
    {
        var dir = EvidenceDir(Name);
        Directory.CreateDirectory(dir);
        output.WriteLine($"Journey '{Name}' failed at {Page.Url}: {failure.GetType().Name}. Evidence in {dir}");

        if (settings.ScreenshotOnFailure)
        {
            await TryAsync(output, "screenshot", () => Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "screenshot.png"), FullPage = true }));
        }

        if (settings.TraceOnFailure)
        {
            await TryAsync(output, "trace", () => Context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(dir, "trace.zip") }));
        }

        var logs = App.PortalLogs.Drain();
        await File.WriteAllLinesAsync(Path.Combine(dir, "portal.log"), logs);
        lock (consoleErrors)
        {
            foreach (var error in consoleErrors)
            {
                output.WriteLine($"browser console error: {error}");
            }
        }

        // The last server lines usually explain a 500 or an unexpected redirect.
        foreach (var line in logs.TakeLast(40))
        {
            output.WriteLine(line);
        }
    }

    private static async Task TryAsync(ITestOutputHelper output, string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (PlaywrightException ex)
        {
            // Evidence is best effort: a crashed page must not hide the original failure.
            output.WriteLine($"Could not save the {what}: {ex.Message}");
        }
    }

    private static string PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? uri.AbsolutePath : url;

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();
}
