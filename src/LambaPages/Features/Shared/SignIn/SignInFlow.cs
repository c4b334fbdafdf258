using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Shared.SignIn;

/// <summary>What every sign-in route does with an outcome: finish, ask for the second factor, or explain a refusal.</summary>
[SliceService(ServiceLifetime.Scoped)]
public sealed class SignInFlow(LambaSession session)
{
    /// <summary>Signs in, forgets the pending step at once, and goes to the local <paramref name="returnUrl"/> (else /Me).</summary>
    public IActionResult Complete<TPending>(
        PageModel page, SignInOutcome outcome, PendingStep<TPending> pending, string? returnUrl = null, string? message = null)
        where TPending : class
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(pending);
        pending.Forget(page.Request, page.Response);
        session.SignIn(outcome.Tokens ?? throw new ArgumentException("Only a signed-in outcome carries tokens.", nameof(outcome)));
        if (message is not null)
        {
            page.TempData[StatusMessage.Key] = message;
        }

        // Local only: an address from the query never sends a freshly signed-in user to another site.
        return page.Url.IsLocalUrl(returnUrl) ? page.LocalRedirect(returnUrl) : page.RedirectToPage("/Me/Index");
    }

    /// <summary>
    /// The first factor was right: it waits server-side (<paramref name="step"/>, for at most <paramref name="within"/>)
    /// and the route's own second-factor page asks for the code.
    /// </summary>
    public static IActionResult AskForSecondFactor<TPending>(
        PageModel page, PendingStep<TPending> pending, TPending step, string secondFactorPage, string? returnUrl = null, TimeSpan? within = null)
        where TPending : class
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(pending);
        pending.Remember(page.Response, step, within);
        return page.RedirectToPage(secondFactorPage, new { returnUrl });
    }

    /// <summary>
    /// Puts the refusals every route words alike where the page shows them: a wrong authenticator code next to its field,
    /// a lock or a rate limit (in the route's words) in the summary, Lamba's field errors next to their fields.
    /// False for <see cref="SignInStatus.Refused"/>, which each route explains its own way.
    /// </summary>
    public static bool Explain(ModelStateDictionary modelState, SignInOutcome outcome, Func<TimeSpan?, string> rateLimited)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(rateLimited);
        switch (outcome.Status)
        {
            case SignInStatus.SecondFactorRequired or SignInStatus.WrongSecondFactor:
                modelState.AddModelError(SecondFactorPageModel.CodeKey, SignInMessages.WrongCode);
                return true;
            case SignInStatus.Locked:
                modelState.AddModelError(string.Empty, SignInMessages.Locked(outcome.RetryAfter));
                return true;
            case SignInStatus.RateLimited:
                modelState.AddModelError(string.Empty, rateLimited(outcome.RetryAfter));
                return true;
            case SignInStatus.Invalid:
                modelState.AddLambaErrors(outcome.Errors);
                if (modelState.IsValid)
                {
                    modelState.AddModelError(string.Empty, "Lamba could not accept these details. Check them and try again.");
                }

                return true;
            default:
                return false;
        }
    }
}
