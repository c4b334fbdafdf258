using LambaPages.Features.Shared;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Register;

/// <summary>
/// /Register/Verify?token=...: the page the emailed sign-up link opens. A GET only shows a button and spends nothing
/// (mail scanners fetch links); the POST spends the token, signs the new user in and redirects, so the token is left
/// neither in the address bar nor in history.
/// </summary>
[SignInRateLimit("register-verify")]
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class VerifyModel(IMediator mediator, LambaSession session) : PageModel
{
    /// <summary>A bound property, not a handler argument: MVC traces handler arguments, and the token must never reach a log.</summary>
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public bool Invalid { get; private set; }

    public void OnGet() => Invalid = string.IsNullOrWhiteSpace(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new VerifyRegistrationCommand(Token ?? ""), cancellationToken);
        Token = null;
        switch (result.Status)
        {
            case RegisterStatus.Registered:
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = RegisterMessages.Finished;
                return RedirectToPage("/Me/Index");
            case RegisterStatus.RateLimited:
                ModelState.AddModelError(string.Empty, RegisterMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                Invalid = true;
                return Page();
        }
    }
}
