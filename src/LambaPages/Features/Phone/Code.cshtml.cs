using LambaPages.Features.Shared.SignIn;
using LambaPages.Hosting;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Phone;

/// <summary>
/// /Phone/Code: the texted code for the number waiting server-side (<see cref="PendingPhone"/>). "Send a new code" waits
/// out a cool-down that the server enforces, not only the button. An account with MFA goes on to /Phone/Mfa.
/// </summary>
[SignInRateLimit("phone-code", Identifier = typeof(PendingPhone))]
[AllowAnonymous]
public sealed class CodeModel(
    IMediator mediator,
    SignInFlow flow,
    PendingPhone pendingPhone,
    PhoneCodeSender sender,
    TimeProvider timeProvider,
    IOptions<RateLimitOptions> limits) : PageModel
{
    private const string CodeKey = "Input." + nameof(PhoneCodeInput.Code);

    public string MaskedPhone { get; private set; } = "";

    /// <summary>Whole seconds until "Send a new code" is accepted; 0 when it is.</summary>
    public int ResendInSeconds { get; private set; }

    /// <summary>No number is waiting (timed out, or signed in elsewhere): only the error and a way back show.</summary>
    public bool Stopped { get; private set; }

    public IActionResult OnGet() => Recall() is null ? RedirectToPage("/Phone/Index") : Page();

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] PhoneCodeInput input, CancellationToken cancellationToken)
    {
        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null); // a one-time code is never echoed back
        var pending = Recall();
        if (pending is null || !ModelState.IsValid)
        {
            return pending is null ? StartOver() : Page();
        }

        var code = PhoneRules.NormaliseCode(input.Code);
        return Answer(await mediator.Send(new VerifyPhoneCodeCommand(pending.Phone, code), cancellationToken), pending with { Code = code });
    }

    /// <summary>"Send a new code", once the cool-down is over (checked here, not only by the button).</summary>
    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return Recall() switch
        {
            null => StartOver(),
            _ when ResendInSeconds > 0 => CoolingDown(),
            var pending => await sender.SendAsync(this, pending.Phone, cancellationToken),
        };
    }

    /// <summary>"Use a different number": forgets the pending number.</summary>
    public IActionResult OnPostRestart()
    {
        pendingPhone.Forget(Request, Response);
        return RedirectToPage("/Phone/Index");
    }

    /// <summary>What a verify answer shows; <paramref name="tried"/> carries the phone code that was sent with it.</summary>
    private IActionResult Answer(SignInOutcome outcome, PendingPhoneSignIn tried) => outcome.Status switch
    {
        SignInStatus.SignedIn => flow.Complete(this, outcome, pendingPhone, message: PhoneMessages.SignedIn),
        SignInStatus.SecondFactorRequired => SignInFlow.AskForSecondFactor(this, pendingPhone, tried, "/Phone/Mfa", within: MfaWait(tried)),
        _ when SignInFlow.Explain(ModelState, outcome, PhoneMessages.RateLimited) => Page(),
        _ => WrongCode(),
    };

    /// <summary>The code is not spent: it waits for the second factor at most 5 minutes, and never past its own life.</summary>
    private TimeSpan MfaWait(PendingPhoneSignIn pending) =>
        pending.CodeLifeLeft(timeProvider.GetUtcNow()) is var left && left < PendingPhone.MfaLifetime ? left : PendingPhone.MfaLifetime;

    private PageResult WrongCode()
    {
        ModelState.AddModelError(CodeKey, PhoneMessages.InvalidCode);
        return Page();
    }

    private PageResult CoolingDown()
    {
        ModelState.AddModelError(string.Empty, PhoneMessages.CoolingDown(ResendInSeconds));
        return Page();
    }

    private PageResult StartOver()
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, PhoneMessages.PendingExpired);
        Stopped = true;
        return Page();
    }

    /// <summary>The number waiting for its code, with what the page shows about it; null when none is.</summary>
    private PendingPhoneSignIn? Recall()
    {
        if (pendingPhone.Recall(Request) is not { } pending)
        {
            return null;
        }

        MaskedPhone = PhoneRules.Masked(pending.Phone);
        var wait = pending.SentAt + limits.Value.PhoneCodeResendCooldown - timeProvider.GetUtcNow();
        ResendInSeconds = wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : 0;
        return pending;
    }
}
