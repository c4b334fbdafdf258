using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using LambaPages.Hosting;

namespace LambaPages.Features.MagicLink;

/// <summary>/MagicLink/Mfa: the authenticator or recovery code, after Lamba accepted (and did not spend) the link.</summary>
[SignInRateLimit("magic-link-mfa")]
public sealed class MfaModel(IMediator mediator, PendingMagicLink pendingMagicLink, SignInFlow flow)
    : SecondFactorPageModel<PendingMagicLinkSignIn>(pendingMagicLink, flow)
{
    public override string StartPage => "/MagicLink/Index";

    public override string StartAgain => "Request a new sign-in link";

    protected override string TimedOut => MagicLinkMessages.PendingExpired;

    protected override string? SignedIn => MagicLinkMessages.SignedIn;

    protected override string RateLimited(TimeSpan? retryAfter) => MagicLinkMessages.RateLimited(retryAfter);

    protected override async Task<SignInOutcome> VerifyAsync(PendingMagicLinkSignIn step, string mfaCode, CancellationToken cancellationToken) =>
        await mediator.Send(new VerifyMagicLinkCommand(step.Token, mfaCode), cancellationToken);

    /// <summary>The link ran out while the step showed: the Continue page says it cannot be used.</summary>
    protected override IActionResult FirstFactorRefused(PendingMagicLinkSignIn step)
    {
        Pending.Forget(Request, Response);
        return RedirectToPage("/MagicLink/Continue");
    }
}
