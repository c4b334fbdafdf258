using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>
/// The recovery codes, shown once: they arrive in TempData (an encrypted cookie, never a URL) from the confirming
/// POST, and reading them here removes them. A reload has nothing to show and goes back to the security page.
/// </summary>
public sealed class RecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData[IndexModel.RecoveryCodesKey] is not string codes || codes.Length == 0)
        {
            return RedirectToPage("/Me/Security/Index");
        }

        Codes = codes.Split('\n');
        return Page();
    }
}
