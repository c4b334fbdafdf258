using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Logout;

/// <summary>Sign out is a POST with antiforgery; a GET only shows the button and changes nothing.</summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, LambaSession session, IOptions<LambaOptions> lamba) : PageModel
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
        // With hosted sign-in, Lamba's own hosted session ends too (end session), and the browser comes back to the login page.
        return HostedSignIn.IsConfigured(lamba.Value)
            ? SignOut(new AuthenticationProperties { RedirectUri = Url.Page("/Login/Index") }, HostedSignIn.Scheme)
            : RedirectToPage("/Login/Index");
    }
}
