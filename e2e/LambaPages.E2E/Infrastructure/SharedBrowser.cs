using Microsoft.Playwright;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// One Playwright driver and one Chromium for the whole test run: launching costs about a second, a
/// fresh BrowserContext per test costs milliseconds and isolates cookies and storage just as well.
/// </summary>
public static class SharedBrowser
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (browser is { IsConnected: true })
            {
                return browser;
            }

            var settings = PlaywrightSettings.Current;
            Assertions.SetDefaultExpectTimeout(settings.Timeouts.ExpectMs);
            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(LaunchOptions(settings));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Close();
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Debian's Chromium when the configured file exists (its headless shell when headless and installed), otherwise
    /// Playwright's own download (if allowed).
    /// </summary>
    public static BrowserTypeLaunchOptions LaunchOptions(PlaywrightSettings settings)
    {
        var options = new BrowserTypeLaunchOptions
        {
            Headless = settings.Headless,
            Args = [.. settings.Args],
            Timeout = settings.Timeouts.NavigationMs,
        };

        if (settings.Headless && Exists(settings.HeadlessShellPath))
        {
            options.ExecutablePath = settings.HeadlessShellPath;
        }
        else if (Exists(settings.ExecutablePath))
        {
            options.ExecutablePath = settings.ExecutablePath;
        }
        else if (!settings.UseBundledBrowserWhenMissing)
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{settings.ExecutablePath}' and useBundledBrowserWhenMissing is false. " +
                "Install it (Debian: apt-get install chromium) or set PLAYWRIGHT_EXECUTABLE_PATH.");
        }

        return options;
    }

    private static bool Exists(string? path) => !string.IsNullOrWhiteSpace(path) && File.Exists(path);

    private static void Close()
    {
        try
        {
            browser?.CloseAsync().Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The driver may already be gone at process exit; Chromium dies with it.
        }

        playwright?.Dispose();
    }
}
