using LambaPages.E2E.Infrastructure;

namespace LambaPages.E2E.SelfTests;

/// <summary>The settings reader: the checked-in file, environment overrides, and loud failure on typos.</summary>
public sealed class PlaywrightSettingsTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"pw-settings-{Guid.NewGuid():N}.json");

    [Fact]
    public void Reads_the_checked_in_file_copied_beside_the_tests()
    {
        var settings = PlaywrightSettings.Load(Path.Combine(AppContext.BaseDirectory, PlaywrightSettings.FileName), _ => null);

        Assert.Equal("chromium", settings.Browser);
        Assert.Equal("/usr/bin/chromium", settings.ExecutablePath);
        Assert.Equal("/usr/bin/chromium-headless-shell", settings.HeadlessShellPath);
        Assert.Contains("--no-sandbox", settings.Args);
        Assert.True(settings.Timeouts.NavigationMs > 0);
        Assert.Equal(Path.Combine(RepoPaths.Root, "e2e-artifacts"), settings.ArtifactsPath);
        Assert.False(settings.LayoutScreenshots);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        File.WriteAllText(file, """{ "headless": true, "executablePath": "/nope/chromium", "timeouts": { "actionMs": 1000 } }""");
        var env = new Dictionary<string, string>
        {
            ["PLAYWRIGHT_HEADLESS"] = "false",
            ["PLAYWRIGHT_EXECUTABLE_PATH"] = "/opt/chrome",
            ["PLAYWRIGHT_HEADLESS_SHELL_PATH"] = "/opt/chrome-headless-shell",
            ["PLAYWRIGHT_ACTION_TIMEOUT_MS"] = "2500",
            ["PLAYWRIGHT_LAYOUT_SCREENSHOTS"] = "true",
        };

        var settings = PlaywrightSettings.Load(file, env.GetValueOrDefault);

        Assert.False(settings.Headless);
        Assert.Equal("/opt/chrome", settings.ExecutablePath);
        Assert.Equal("/opt/chrome-headless-shell", settings.HeadlessShellPath);
        Assert.Equal(2500, settings.Timeouts.ActionMs);
        Assert.True(settings.LayoutScreenshots);
    }

    [Fact]
    public void Rejects_an_unknown_key_instead_of_ignoring_it()
    {
        File.WriteAllText(file, """{ "headles": false }""");

        var error = Assert.Throws<InvalidOperationException>(() => PlaywrightSettings.Load(file, _ => null));
        Assert.Contains("headles", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_configured_chromium_when_it_exists_and_playwrights_own_otherwise()
    {
        var existing = Path.Combine(AppContext.BaseDirectory, PlaywrightSettings.FileName);
        var present = new PlaywrightSettings { ExecutablePath = existing, Args = ["--x"] };
        var missing = new PlaywrightSettings { ExecutablePath = "/nope/chromium", UseBundledBrowserWhenMissing = true };
        var forbidden = missing with { UseBundledBrowserWhenMissing = false };

        Assert.Equal(existing, SharedBrowser.LaunchOptions(present).ExecutablePath);
        Assert.Equal(["--x"], SharedBrowser.LaunchOptions(present).Args);
        Assert.Null(SharedBrowser.LaunchOptions(missing).ExecutablePath);
        Assert.Throws<InvalidOperationException>(() => SharedBrowser.LaunchOptions(forbidden));
    }

    [Fact]
    public void Uses_the_headless_shell_only_when_headless_and_installed()
    {
        var shell = Path.Combine(AppContext.BaseDirectory, PlaywrightSettings.FileName);
        var browser = typeof(PlaywrightSettings).Assembly.Location;
        var settings = new PlaywrightSettings { ExecutablePath = browser, HeadlessShellPath = shell, Headless = true };

        Assert.Equal(shell, SharedBrowser.LaunchOptions(settings).ExecutablePath);
        Assert.Equal(browser, SharedBrowser.LaunchOptions(settings with { Headless = false }).ExecutablePath);
        Assert.Equal(browser, SharedBrowser.LaunchOptions(settings with { HeadlessShellPath = "/nope/chromium-headless-shell" }).ExecutablePath);
        Assert.Equal(browser, SharedBrowser.LaunchOptions(settings with { HeadlessShellPath = "" }).ExecutablePath);
    }

    public void Dispose() => File.Delete(file);
}
