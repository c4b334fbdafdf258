using Lamba.AspNetCore.Client;
using LambaPages.Features.Login;
using LambaPages.Features.MagicLink;
using LambaPages.Features.Me.Security.Totp;
using LambaPages.Features.Phone;
using LambaPages.Hosting;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Logout;

/// <summary>
/// Sign out is a POST with antiforgery; a GET only shows the button and changes nothing. The answer deletes every
/// portal cookie by name and sends <c>Clear-Site-Data</c>, so nothing of the session stays in this browser. Because
/// that clears the TempData cookie too, the login page learns what to say from the redirect's query
/// (<see cref="SignedOutNotice"/>).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, LambaSession session, IOptions<LambaOptions> lamba) : PageModel
{
    /// <summary>Every cookie the portal may have set besides the session pair, which <see cref="LambaSession.SignOut"/> deletes.</summary>
    public static readonly IReadOnlyList<string> OtherPortalCookies =
    [
        PendingLogin.CookieName, PendingMagicLink.CookieName, PendingPhone.CookieName, PendingTotp.CookieName,
        CookieNames.Antiforgery, CookieNames.TempData,
        // The signed-in user's language and time zone: nothing of them stays for the next person on this browser.
        Localization.UserPreferences.CookieName,
    ];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var endedAtLamba = session.AccessToken is not { } accessToken
            || await mediator.Send(new LogoutCommand(accessToken, session.RefreshToken), cancellationToken);

        session.SignOut();
        foreach (var name in OtherPortalCookies)
        {
            Response.Cookies.Delete(name, new CookieOptions { Path = "/", Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }

        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        var loginPage = "/Login?" + SignedOutNotice.QueryKey + "=" + (endedAtLamba ? SignedOutNotice.Complete : SignedOutNotice.Partial);

        // With hosted sign-in, Lamba's own hosted session ends too (end session), and the browser comes back to the login page.
        return HostedSignIn.IsConfigured(lamba.Value)
            ? SignOut(new AuthenticationProperties { RedirectUri = loginPage }, HostedSignIn.Scheme)
            : Redirect(loginPage);
    }
}
