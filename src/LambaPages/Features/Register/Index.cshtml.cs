using LambaPages.Features.Shared;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Register;

/// <summary>
/// /Register (gated by the Registration flag): ask for an account. Lamba emails the address either way, a sign-up link
/// or a note that it already has an account, so the page answers both alike ("check your email"); an invitee, whose
/// address the invitation already proved, lands signed in on /Me at once.
/// </summary>
[SignInRateLimit("register", FormField = "Input.Email")]
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, LambaSession session, RegistrationAvailability registration) : PageModel
{
    /// <summary>What the form shows; the password is never put back.</summary>
    public RegisterCommand Input { get; private set; } = new();

    // The invitation token is read from the query, not taken as a handler argument: MVC traces handler arguments.
    public IActionResult OnGet()
    {
        string? invitationToken = Request.Query[InvitationLink.QueryKey];
        Input = new RegisterCommand { InvitationToken = invitationToken };
        return registration.LambaRefusesRegistration && string.IsNullOrWhiteSpace(invitationToken) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] RegisterCommand input, CancellationToken cancellationToken)
    {
        Input = input with { Password = "" };
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await mediator.Send(input, cancellationToken);
        switch (result.Status)
        {
            case RegisterStatus.CheckEmail:
                // The same page for a new and a taken address: the email says which it was.
                return RedirectToPage("/Register/CheckEmail");
            case RegisterStatus.Registered:
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = RegisterMessages.Welcome(NameOf(input));
                return RedirectToPage("/Me/Index");
            case RegisterStatus.Disabled when !string.IsNullOrWhiteSpace(input.InvitationToken):
                // Closed to the public, and this invitation does not open it: say so to the invitee, not 404.
                ModelState.AddModelError(string.Empty, RegisterMessages.InvitationInvalid);
                return Page();
            case RegisterStatus.Disabled:
                registration.RememberLambaRefused();
                return NotFound();
            case RegisterStatus.RateLimited:
                ModelState.AddModelError(string.Empty, RegisterMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                ModelState.AddLambaErrors(result.Errors, nameof(Input));
                return Page();
        }
    }

    private static string NameOf(RegisterCommand input) =>
        RegisterRules.Optional(input.DisplayName) ?? RegisterRules.Optional(input.Username) ?? input.Email.Trim();
}
