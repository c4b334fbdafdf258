using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using LambaPages.Hosting;

namespace LambaPages.Features.Login;

/// <summary>/Login/Mfa: the authenticator or recovery code, after the password was right.</summary>
[SignInRateLimit("login-mfa", Identifier = typeof(PendingLogin))]
public sealed class MfaModel(IMediator mediator, PendingLogin pendingLogin, SignInFlow flow)
    : SecondFactorPageModel<PendingCredentials>(pendingLogin, flow)
{
    public override string StartPage => "/Login/Index";

    public override string StartAgain => "Start again";

    protected override string TimedOut => LoginMessages.PendingExpired;

    protected override string RateLimited(TimeSpan? retryAfter) => LoginMessages.RateLimited(retryAfter);

    protected override PendingCredentials? AtSecondFactor(PendingCredentials? step)
    {
        Account = step?.Login;
        return step;
    }

    protected override async Task<SignInOutcome> VerifyAsync(PendingCredentials step, string mfaCode, CancellationToken cancellationToken) =>
        await mediator.Send(
            new LoginCommand { Login = step.Login, Password = step.Password, MfaCode = mfaCode, InvitationToken = step.InvitationToken },
            cancellationToken);

    /// <summary>The password stopped working meanwhile (changed elsewhere): the same words as a wrong password.</summary>
    protected override IActionResult FirstFactorRefused(PendingCredentials step) => Stop(LoginMessages.WrongCredentials);
}
