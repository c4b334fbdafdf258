using LambaPages.Features.Login;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.MagicLink;

/// <summary>
/// /MagicLink/Continue?token=...: the page the emailed link opens. A GET only shows a "Continue" button and spends
/// nothing, because mail scanners and link previews fetch links; the POST spends the token and signs in, then
/// redirects, so the token is left neither in the address bar nor in history. For an account with MFA, Lamba
/// answers the POST with MFA_REQUIRED without spending the link: the token then waits in <see cref="PendingMagicLink"/>
/// and the same route shows the shared "Two-step verification" step (handler Verify).
/// </summary>
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ContinueModel(IMediator mediator, LambaSession session, PendingMagicLink pendingMagicLink) : PageModel
{
    /// <summary>
    /// From the link's query on GET, from the form on POST. A bound property, not a handler argument: MVC traces
    /// handler arguments, and the token must never reach a log.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    /// <summary>The link was refused (unknown, used or expired) or there was none to use.</summary>
    public bool Invalid { get; private set; }

    /// <summary>The second step (authenticator code) is showing.</summary>
    public bool MfaStep { get; private set; }

    /// <summary>The sign-in cannot go on from this page (the pending step timed out): only the error and a way back show.</summary>
    public bool Stopped { get; private set; }

    public void OnGet() => Invalid = string.IsNullOrWhiteSpace(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var token = Token ?? "";
        return Outcome(await mediator.Send(new VerifyMagicLinkCommand(token), cancellationToken), token);
    }

    public async Task<IActionResult> OnPostVerifyAsync([Bind(Prefix = "Input")] MfaCodeInput input, CancellationToken cancellationToken)
    {
        Token = null;
        if (pendingMagicLink.Recall(Request) is not { } pending)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, MagicLinkMessages.PendingExpired);
            Stopped = true;
            return Page();
        }

        MfaStep = true;

        // A one-time code is never echoed back into the form, right or wrong.
        ModelState.SetModelValue(MfaStepForm.CodeKey, rawValue: null, attemptedValue: null);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return Outcome(await mediator.Send(new VerifyMagicLinkCommand(pending.Token, input.MfaCode), cancellationToken), pending.Token);
    }

    private IActionResult Outcome(VerifyMagicLinkResult result, string token)
    {
        switch (result.Status)
        {
            case MagicLinkStatus.SignedIn:
                pendingMagicLink.Forget(Request, Response);
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = MagicLinkMessages.SignedIn;
                return RedirectToPage("/Me/Index");
            case MagicLinkStatus.MfaRequired:
                pendingMagicLink.Remember(Response, new PendingMagicLinkSignIn(token));
                Token = null;
                MfaStep = true;
                return Page();
            case MagicLinkStatus.InvalidMfaCode:
                MfaStep = true;
                ModelState.AddModelError(MfaStepForm.CodeKey, LoginMessages.WrongCode);
                return Page();
            case MagicLinkStatus.Locked:
                // The link is not spent: after the lock, the same step (or the link again) can finish the sign-in.
                ModelState.AddModelError(string.Empty, LoginMessages.Locked(result.RetryAfter));
                return Page();
            case MagicLinkStatus.RateLimited:
                ModelState.AddModelError(string.Empty, MagicLinkMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                pendingMagicLink.Forget(Request, Response);
                Token = null;
                MfaStep = false;
                Invalid = true;
                return Page();
        }
    }
}
