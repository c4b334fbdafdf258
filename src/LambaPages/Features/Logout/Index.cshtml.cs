using LambaPages.Features.Shared;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Logout;

/// <summary>Sign out is a POST with antiforgery; a GET only shows the button and changes nothing.</summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, LambaSession session) : PageModel
{
    public const string SignedOutMessage = "You have been signed out.";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (session.AccessToken is { } accessToken)
        {
            await mediator.Send(new LogoutCommand(accessToken, session.RefreshToken), cancellationToken);
        }

        session.SignOut();
        TempData[StatusMessage.Key] = SignedOutMessage;
        return RedirectToPage("/Login/Index");
    }
}
