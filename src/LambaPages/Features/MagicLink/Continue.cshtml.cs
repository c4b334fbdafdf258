using LambaPages.Features.Shared;
using LambaPages.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.MagicLink;

/// <summary>
/// /MagicLink/Continue?token=...: the page the emailed link opens. A GET only shows a "Continue" button and spends
/// nothing, because mail scanners and link previews fetch links; the POST spends the token and signs in, then
/// redirects, so the token is left neither in the address bar nor in history.
/// </summary>
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ContinueModel(IMediator mediator, LambaSession session) : PageModel
{
    public string? Token { get; private set; }

    /// <summary>The link was refused (unknown, used or expired) or there was none to use.</summary>
    public bool Invalid { get; private set; }

    public void OnGet(string? token)
    {
        Token = token;
        Invalid = string.IsNullOrWhiteSpace(token);
    }

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new VerifyMagicLinkCommand(token ?? ""), cancellationToken);
        switch (result.Status)
        {
            case MagicLinkStatus.SignedIn:
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = MagicLinkMessages.SignedIn;
                return RedirectToPage("/Me/Index");
            case MagicLinkStatus.RateLimited:
                Token = token;
                ModelState.AddModelError(string.Empty, MagicLinkMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                Invalid = true;
                return Page();
        }
    }
}
