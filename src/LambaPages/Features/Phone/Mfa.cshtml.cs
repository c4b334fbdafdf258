using LambaPages.Features.Shared;
using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using LambaPages.Hosting;

namespace LambaPages.Features.Phone;

/// <summary>/Phone/Mfa: the authenticator or recovery code, after Lamba accepted (and did not spend) the texted code.</summary>
[SignInRateLimit("phone-mfa", Identifier = typeof(PendingPhone))]
public sealed class MfaModel(IMediator mediator, PendingPhone pendingPhone, SignInFlow flow, TimeProvider timeProvider)
    : SecondFactorPageModel<PendingPhoneSignIn>(pendingPhone, flow)
{
    public override string StartPage => "/Phone/Index";

    public override string StartAgain => "Start again";

    protected override string TimedOut => PhoneMessages.PendingExpired;

    protected override string? SignedIn => PhoneMessages.SignedIn;

    protected override string RateLimited(TimeSpan? retryAfter) => PhoneMessages.RateLimited(retryAfter);

    /// <summary>Only a step whose code Lamba accepted (the code step itself lives on /Phone/Code).</summary>
    protected override PendingPhoneSignIn? AtSecondFactor(PendingPhoneSignIn? step) => step?.Code is null ? null : step;

    protected override async Task<SignInOutcome> VerifyAsync(PendingPhoneSignIn step, string mfaCode, CancellationToken cancellationToken) =>
        await mediator.Send(new VerifyPhoneCodeCommand(step.Phone, step.Code!, mfaCode), cancellationToken);

    /// <summary>The texted code ran out while this step showed: back to the code step, for a new one.</summary>
    protected override IActionResult FirstFactorRefused(PendingPhoneSignIn step)
    {
        var codeStep = step with { Code = null };
        Pending.Remember(Response, codeStep, codeStep.CodeLifeLeft(timeProvider.GetUtcNow()));
        TempData[StatusMessage.Key] = PhoneMessages.InvalidCode;
        return RedirectToPage("/Phone/Code");
    }
}
