using LambaPages.Features.Login;
using LambaPages.Features.Shared;
using LambaPages.Hosting;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Phone;

/// <summary>
/// /Phone (gated by the PhoneCode flag): the number, then (same route, while a code is pending) the code.
/// "Send a new code" waits out a cool-down that the server enforces, not only the button.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    IMediator mediator,
    LambaSession session,
    PendingPhone pendingPhone,
    TimeProvider timeProvider,
    IOptions<RateLimitOptions> limits) : PageModel
{
    private const string CodeKey = nameof(Input) + "." + nameof(PhoneCodeInput.Code);

    public StartPhoneSignInCommand Input { get; private set; } = new();

    /// <summary>The code step is showing.</summary>
    public bool CodeStep { get; private set; }

    /// <summary>The code was accepted but the account needs its authenticator code: the shared two-step verification step shows.</summary>
    public bool MfaStep { get; private set; }

    public string MaskedPhone { get; private set; } = "";

    /// <summary>Whole seconds until "Send a new code" is accepted; 0 when it is.</summary>
    public int ResendInSeconds { get; private set; }

    public void OnGet() => ShowPending(pendingPhone.Recall(Request));

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] StartPhoneSignInCommand input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var phone = PhoneRules.Normalise(input.Phone);
        return await SendCodeAsync(phone, cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync([Bind(Prefix = nameof(Input))] PhoneCodeInput input, CancellationToken cancellationToken)
    {
        var pending = pendingPhone.Recall(Request);
        if (pending is null)
        {
            return StartOver();
        }

        ShowPending(pending);
        // A one-time code is never echoed back into the form, right or wrong.
        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = PhoneRules.NormaliseCode(input.Code);
        return VerifyOutcome(await mediator.Send(new VerifyPhoneCodeCommand(pending.Phone, code), cancellationToken), pending with { Code = code });
    }

    /// <summary>The second step: the accepted phone code (from the pending cookie, never the form) plus the authenticator code.</summary>
    public async Task<IActionResult> OnPostMfaAsync([Bind(Prefix = nameof(Input))] MfaCodeInput input, CancellationToken cancellationToken)
    {
        var pending = pendingPhone.Recall(Request);
        if (pending?.Code is null)
        {
            return StartOver();
        }

        ShowPending(pending);
        // A one-time code is never echoed back into the form, right or wrong.
        ModelState.SetModelValue(MfaStepForm.CodeKey, rawValue: null, attemptedValue: null);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return VerifyOutcome(
            await mediator.Send(new VerifyPhoneCodeCommand(pending.Phone, pending.Code, input.MfaCode), cancellationToken), pending);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var pending = pendingPhone.Recall(Request);
        if (pending is null)
        {
            return StartOver();
        }

        ShowPending(pending);
        ModelState.Clear();
        if (ResendInSeconds > 0)
        {
            ModelState.AddModelError(string.Empty, PhoneMessages.CoolingDown(ResendInSeconds));
            return Page();
        }

        return await SendCodeAsync(pending.Phone, cancellationToken) ?? Page();
    }

    /// <summary>"Use a different number": forgets the pending number.</summary>
    public IActionResult OnPostRestart()
    {
        pendingPhone.Forget(Request, Response);
        return RedirectToPage();
    }

    /// <summary>What a verify answer shows; <paramref name="tried"/> carries the phone code that was sent with it.</summary>
    private IActionResult VerifyOutcome(PhoneResult result, PendingPhoneSignIn tried)
    {
        switch (result.Status)
        {
            case PhoneStatus.SignedIn:
                pendingPhone.Forget(Request, Response);
                session.SignIn(result.Tokens!);
                TempData[StatusMessage.Key] = PhoneMessages.SignedIn;
                return RedirectToPage("/Me/Index");
            case PhoneStatus.MfaRequired:
                // The code is not spent: it waits server-side with the number, at most 5 minutes and never past its own life.
                pendingPhone.Remember(Response, tried, Min(PendingPhone.MfaLifetime, CodeLifeLeft(tried)));
                ShowPending(tried);
                return Page();
            case PhoneStatus.InvalidMfaCode:
                ModelState.AddModelError(MfaStepForm.CodeKey, LoginMessages.WrongCode);
                return Page();
            case PhoneStatus.Locked:
                ModelState.AddModelError(string.Empty, LoginMessages.Locked(result.RetryAfter));
                return Page();
            case PhoneStatus.RateLimited:
                ModelState.AddModelError(string.Empty, PhoneMessages.RateLimited(result.RetryAfter));
                return Page();
            default:
                if (MfaStep)
                {
                    // The code ran out while the second step showed: back to the code step for a new one.
                    var codeStep = tried with { Code = null };
                    pendingPhone.Remember(Response, codeStep, CodeLifeLeft(codeStep));
                    ShowPending(codeStep);
                }

                ModelState.AddModelError(CodeKey, PhoneMessages.InvalidCode);
                return Page();
        }
    }

    private TimeSpan CodeLifeLeft(PendingPhoneSignIn pending) => pending.SentAt + PendingPhone.Lifetime - timeProvider.GetUtcNow();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Asks Lamba for a code; a redirect to the code step, or null with errors in ModelState.</summary>
    private async Task<IActionResult?> SendCodeAsync(string phone, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new StartPhoneSignInCommand { Phone = phone }, cancellationToken);
        switch (result.Status)
        {
            case PhoneStatus.CodeRequested:
                pendingPhone.Remember(Response, new PendingPhoneSignIn(phone, timeProvider.GetUtcNow()));
                TempData[StatusMessage.Key] = PhoneMessages.CodeSent;
                return RedirectToPage();
            case PhoneStatus.RateLimited:
                ModelState.AddModelError(string.Empty, PhoneMessages.RateLimited(result.RetryAfter));
                return null;
            default:
                ModelState.AddLambaErrors(result.Errors, nameof(Input));
                return null;
        }
    }

    private PageResult StartOver()
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, PhoneMessages.PendingExpired);
        CodeStep = false;
        MfaStep = false;
        return Page();
    }

    private void ShowPending(PendingPhoneSignIn? pending)
    {
        CodeStep = pending is not null;
        MfaStep = pending?.Code is not null;
        if (pending is null)
        {
            return;
        }

        MaskedPhone = PhoneRules.Masked(pending.Phone);
        var wait = pending.SentAt + limits.Value.PhoneCodeResendCooldown - timeProvider.GetUtcNow();
        ResendInSeconds = wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : 0;
    }
}
