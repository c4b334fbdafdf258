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
    /// <summary>
    /// From the link's query on GET, from the form on POST. A bound property, not a handler argument: MVC traces
    /// handler arguments, and the token must never reach a log.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    /// <summary>The link was refused (unknown, used or expired) or there was none to use.</summary>
    public bool Invalid { get; private set; }

    public void OnGet() => Invalid = string.IsNullOrWhiteSpace(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new VerifyMagicLinkCommand(Token ?? ""), cancellationToken);
        switch (result.Status)
        {
            case MagicLinkStatus.SignedIn:
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = MagicLinkMessages.SignedIn;
                return RedirectToPage("/Me/Index");
            case MagicLinkStatus.RateLimited:
                ModelState.AddModelError(string.Empty, MagicLinkMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                Token = null;
                Invalid = true;
                return Page();
        }
    }
}
