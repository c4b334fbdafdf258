using LambaPages.Features.Shared;
using LambaPages.Hosting;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.MagicLink;

/// <summary>/MagicLink (gated by the MagicLink flag): ask for a sign-in link by email.</summary>
[SignInRateLimit("magic-link", FormField = "Input.Email")]
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, PublicOrigin publicOrigin) : PageModel
{
    public StartMagicLinkCommand Input { get; private set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] StartMagicLinkCommand input, CancellationToken cancellationToken)
    {
        // The link's target is this portal's Continue page, whatever the form said.
        Input = input with { ContinueUrl = ContinueUrl() };
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await mediator.Send(Input, cancellationToken);
        switch (result.Status)
        {
            case MagicLinkStatus.Requested:
                TempData[StatusMessage.Key] = MagicLinkMessages.Sent;
                return RedirectToPage();
            case MagicLinkStatus.RateLimited:
                ModelState.AddModelError(string.Empty, MagicLinkMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                ModelState.AddLambaErrors(result.Errors, nameof(Input));
                return Page();
        }
    }

    /// <summary>This portal's public origin (LAMBA_PUBLIC_ORIGIN, never the Host header) + /MagicLink/Continue (Lamba appends ?token=...).</summary>
    private Uri ContinueUrl() =>
        publicOrigin.Link(Request, Url.Page("/MagicLink/Continue") ?? throw new InvalidOperationException("The Continue page has no route."));
}
