using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Shared.SignIn;

/// <summary>The second step's form: only the code. The first factor waits server-side, in the route's pending step.</summary>
public sealed record MfaCodeInput
{
    public string? MfaCode { get; init; }

    public override string ToString() => nameof(MfaCodeInput);
}

public sealed class MfaCodeInputValidator : AbstractValidator<MfaCodeInput>
{
    public MfaCodeInputValidator() => RuleFor(x => x.MfaCode).MfaCode();
}

public static class MfaCodeRules
{
    /// <summary>A 6-digit authenticator code or a recovery code; spaces are tolerated and removed before sending.</summary>
    public static IRuleBuilderOptions<T, string?> MfaCode<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the code from your authenticator app.")
            .Matches("^[A-Za-z0-9 -]{6,40}$").WithMessage("Enter the 6-digit code from your authenticator app, or a recovery code.");

    public static string? Normalise(string? code) => code?.Replace(" ", "", StringComparison.Ordinal);
}

/// <summary>What the shared "Two-step verification" markup (Features/Shared/_MfaStep.cshtml) reads from its page.</summary>
public abstract class SecondFactorPageModel : PageModel
{
    /// <summary>The ModelState key of the code field on every second-factor page.</summary>
    public const string CodeKey = "Input." + nameof(MfaCodeInput.MfaCode);

    /// <summary>Always empty: a one-time code is never echoed back into the form, right or wrong.</summary>
    public MfaCodeInput Input { get; } = new();

    /// <summary>Where the sign-in started: a redirect after sign-in, local only (checked when used).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shown as "for <c>Account</c>" when the route knows who is signing in.</summary>
    public string? Account { get; protected set; }

    /// <summary>The step cannot go on (it timed out, or the first factor stopped working): only the error and a way back show.</summary>
    public bool Stopped { get; protected set; }

    /// <summary>The route's first page, and the words of the link back to it.</summary>
    public abstract string StartPage { get; }

    public abstract string StartAgain { get; }
}

/// <summary>
/// The second-factor page of one sign-in route (/Login/Mfa, /MagicLink/Mfa, /Phone/Mfa), as Identity UI's LoginWith2fa
/// is: its own address, reached by a redirect once Lamba answered MFA_REQUIRED, so a reload asks again instead of
/// re-posting the first factor. The route says how to recall its first factor and how to try it with the code.
/// </summary>
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class SecondFactorPageModel<TPending>(PendingStep<TPending> pending, SignInFlow flow) : SecondFactorPageModel
    where TPending : class
{
    /// <summary>Shown when the pending step is gone (5 minutes, or it was finished elsewhere).</summary>
    protected abstract string TimedOut { get; }

    /// <summary>Lamba's rate limit, in the route's words.</summary>
    protected abstract string RateLimited(TimeSpan? retryAfter);

    /// <summary>The status line after signing in, if the route has one.</summary>
    protected virtual string? SignedIn => null;

    /// <summary>A pending step of the route that is at its second factor (the phone route also keeps a code step).</summary>
    protected virtual TPending? AtSecondFactor(TPending? step) => step;

    /// <summary>Tries the first factor again, with the authenticator or recovery code.</summary>
    protected abstract Task<SignInOutcome> VerifyAsync(TPending step, string mfaCode, CancellationToken cancellationToken);

    /// <summary>Lamba no longer accepts the first factor (a changed password, a spent link, an expired phone code).</summary>
    protected abstract IActionResult FirstFactorRefused(TPending step);

    public IActionResult OnGet() => Recall() is null ? RedirectToPage(StartPage) : Page();

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] MfaCodeInput input, CancellationToken cancellationToken)
    {
        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null); // a one-time code is never echoed back
        var step = Recall();
        if (step is null || !ModelState.IsValid)
        {
            return step is null ? Stop(TimedOut) : Page();
        }

        return Answer(await VerifyAsync(step, input.MfaCode!, cancellationToken), step);
    }

    /// <summary>Forgets the step and shows only <paramref name="message"/> and the way back.</summary>
    protected PageResult Stop(string message)
    {
        pending.Forget(Request, Response);
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        Stopped = true;
        return Page();
    }

    protected PendingStep<TPending> Pending => pending;

    private IActionResult Answer(SignInOutcome outcome, TPending step) => outcome.Status switch
    {
        SignInStatus.SignedIn => flow.Complete(this, outcome, pending, ReturnUrl, SignedIn),
        SignInStatus.Refused => FirstFactorRefused(step),
        _ => Explained(outcome),
    };

    /// <summary>A wrong code, a lock, a rate limit: said on this page, and the step stays open.</summary>
    private PageResult Explained(SignInOutcome outcome)
    {
        SignInFlow.Explain(ModelState, outcome, RateLimited);
        return Page();
    }

    private TPending? Recall() => AtSecondFactor(pending.Recall(Request));
}
