using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// The browser tier's settings: <c>playwright.config.json</c> at the repository root (copied beside the
/// test assembly), then environment variables on top so CI or a developer can flip one without editing it.
/// </summary>
public sealed record PlaywrightSettings
{
    public const string FileName = "playwright.config.json";

    public string Browser { get; init; } = "chromium";

    public string? ExecutablePath { get; init; }

    /// <summary>
    /// Chromium's headless shell (Debian's <c>chromium-headless-shell</c>: the same engine without the browser's UI
    /// process, which is what Playwright itself runs for headless Chromium), used instead of <see cref="ExecutablePath"/>
    /// when <see cref="Headless"/> and the file exists. The browser tier took about a quarter less time with it.
    /// </summary>
    public string? HeadlessShellPath { get; init; }

    public bool UseBundledBrowserWhenMissing { get; init; } = true;

    public bool Headless { get; init; } = true;

    public IReadOnlyList<string> Args { get; init; } = [];

    public TimeoutSettings Timeouts { get; init; } = new();

    /// <summary>Relative to the repository root unless absolute.</summary>
    public string ArtifactsDir { get; init; } = "e2e-artifacts";

    public bool TraceOnFailure { get; init; } = true;

    public bool ScreenshotOnFailure { get; init; } = true;

    /// <summary>
    /// Whether the layout sweep keeps a full-page screenshot of every page at every width for reviewers (off: only of the
    /// pages that fail a check). Taking them all was about a fifth of the sweep's time.
    /// </summary>
    public bool LayoutScreenshots { get; init; }

    public string ArtifactsPath => Path.IsPathRooted(ArtifactsDir) ? ArtifactsDir : Path.GetFullPath(Path.Combine(RepoPaths.Root, ArtifactsDir));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<PlaywrightSettings> LazyCurrent = new(() => Load(FindFile(), Environment.GetEnvironmentVariable));

    /// <summary>The settings for this test run (file + environment), read once.</summary>
    public static PlaywrightSettings Current => LazyCurrent.Value;

    /// <summary>Reads <paramref name="path"/> and applies overrides from <paramref name="env"/> (PLAYWRIGHT_*).</summary>
    public static PlaywrightSettings Load(string path, Func<string, string?> env)
    {
        PlaywrightSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<PlaywrightSettings>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            // An unknown or misspelt key would otherwise be silently ignored.
            throw new InvalidOperationException($"{path} is not a valid Playwright settings file: {ex.Message}", ex);
        }

        return settings.WithOverrides(env);
    }

    private PlaywrightSettings WithOverrides(Func<string, string?> env)
    {
        var result = this with
        {
            Browser = env("PLAYWRIGHT_BROWSER") ?? Browser,
            ExecutablePath = env("PLAYWRIGHT_EXECUTABLE_PATH") ?? ExecutablePath,
            HeadlessShellPath = env("PLAYWRIGHT_HEADLESS_SHELL_PATH") ?? HeadlessShellPath,
            Headless = Bool(env("PLAYWRIGHT_HEADLESS")) ?? Headless,
            UseBundledBrowserWhenMissing = Bool(env("PLAYWRIGHT_USE_BUNDLED_BROWSER")) ?? UseBundledBrowserWhenMissing,
            ArtifactsDir = env("PLAYWRIGHT_ARTIFACTS_DIR") ?? ArtifactsDir,
            TraceOnFailure = Bool(env("PLAYWRIGHT_TRACE_ON_FAILURE")) ?? TraceOnFailure,
            ScreenshotOnFailure = Bool(env("PLAYWRIGHT_SCREENSHOT_ON_FAILURE")) ?? ScreenshotOnFailure,
            LayoutScreenshots = Bool(env("PLAYWRIGHT_LAYOUT_SCREENSHOTS")) ?? LayoutScreenshots,
            Timeouts = new TimeoutSettings
            {
                ActionMs = Number(env("PLAYWRIGHT_ACTION_TIMEOUT_MS")) ?? Timeouts.ActionMs,
                NavigationMs = Number(env("PLAYWRIGHT_NAVIGATION_TIMEOUT_MS")) ?? Timeouts.NavigationMs,
                ExpectMs = Number(env("PLAYWRIGHT_EXPECT_TIMEOUT_MS")) ?? Timeouts.ExpectMs,
            },
        };

        if (!string.Equals(result.Browser, "chromium", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Only the chromium browser is supported by the browser tier, not '{result.Browser}'.");
        }

        return result;
    }

    private static string FindFile()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(beside) ? beside : Path.Combine(RepoPaths.Root, FileName);
    }

    private static bool? Bool(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new InvalidOperationException($"'{value}' is not a boolean (true/false/1/0)."),
    };

    private static int? Number(string? value) => string.IsNullOrWhiteSpace(value) ? null : int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}

public sealed record TimeoutSettings
{
    public int ActionMs { get; init; } = 10_000;

    public int NavigationMs { get; init; } = 20_000;

    public int ExpectMs { get; init; } = 7_000;
}
