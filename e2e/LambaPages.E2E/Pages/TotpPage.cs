using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Security/Totp (enrol), /Me/Security/Totp/RecoveryCodes (shown once) and /Me/Security/Totp/Disable.</summary>
public sealed class TotpPage(IPage page)
{
    public ILocator EnrolHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Set up an authenticator app", Exact = true, Level = 1 });

    public ILocator QrCode => page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" });

    /// <summary>The manual key, grouped in fours.</summary>
    public ILocator ManualKey => page.Locator("#totp-secret");

    public ILocator Code => page.GetByLabel("Verification code", new() { Exact = true });

    public ILocator TurnOnButton => page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step verification", Exact = true });

    public ILocator RecoveryHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes", Exact = true, Level = 1 });

    public ILocator RecoveryCodes => page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).Locator("code");

    public ILocator CopyButton => page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true });

    public ILocator DownloadButton => page.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true });

    public ILocator SavedLink => page.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes", Exact = true });

    public ILocator DisableHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Turn off two-step verification", Exact = true, Level = 1 });

    public ILocator DisableCode => page.GetByLabel("Authentication or recovery code", new() { Exact = true });

    public ILocator DisableButton => page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-step verification", Exact = true });

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    public async Task<string> SecretAsync() => (await ManualKey.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
}
