using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.MagicLink;

/// <summary>
/// /MagicLink/Continue?token=...: the page the emailed link opens. A GET only shows a "Continue" button and spends
/// nothing, because mail scanners and link previews fetch links; the POST spends the token and signs in, then
/// redirects, so the token is left neither in the address bar nor in history. For an account with MFA, Lamba
/// answers the POST with MFA_REQUIRED without spending the link: the token then waits in <see cref="PendingMagicLink"/>
/// and /MagicLink/Mfa asks for the code.
/// </summary>
[SignInRateLimit("magic-link-continue")]
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ContinueModel(IMediator mediator, SignInFlow flow, PendingMagicLink pendingMagicLink) : PageModel
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
        var token = Token ?? "";
        return Answer(await mediator.Send(new VerifyMagicLinkCommand(token), cancellationToken), token);
    }

    private IActionResult Answer(SignInOutcome outcome, string token) => outcome.Status switch
    {
        SignInStatus.SignedIn => flow.Complete(this, outcome, pendingMagicLink, message: MagicLinkMessages.SignedIn),
        SignInStatus.SecondFactorRequired =>
            SignInFlow.AskForSecondFactor(this, pendingMagicLink, new PendingMagicLinkSignIn(token), "/MagicLink/Mfa"),
        SignInStatus.Refused or SignInStatus.Invalid => Unusable(),
        _ => SignInFlow.Explain(ModelState, outcome, MagicLinkMessages.RateLimited) ? Page() : Unusable(),
    };

    /// <summary>The link cannot sign anyone in: say so, and offer a new one.</summary>
    private PageResult Unusable()
    {
        pendingMagicLink.Forget(Request, Response);
        Token = null;
        Invalid = true;
        return Page();
    }
}
