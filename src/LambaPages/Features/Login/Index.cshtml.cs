using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Login;

[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, LambaSession session, PendingLogin pendingLogin, IOptions<LambaOptions> lamba) : PageModel
{
    public const string HostedSignInFailed = "Signing in with Lamba did not complete. Try again, or sign in with your password.";

    /// <summary>LAMBA_CLIENT_ID is set: the page offers "Continue with Lamba" (hosted sign-in).</summary>
    public bool OffersHostedSignIn => HostedSignIn.IsConfigured(lamba.Value);

    /// <summary>What the form shows; the password is never put back.</summary>
    public LoginCommand Input { get; private set; } = new();

    /// <summary>The second step (authenticator code) is showing.</summary>
    public bool MfaStep { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    // Read from the query, not taken as a handler argument: MVC traces handler arguments, and this is a secret.
    public void OnGet()
    {
        Input = new LoginCommand { InvitationToken = Request.Query["invitationToken"] };
        if (Request.Query["hostedSignIn"] == "failed")
        {
            ModelState.AddModelError(string.Empty, HostedSignInFailed);
        }
    }

    /// <summary>"Continue with Lamba": the OpenIdConnect handler takes the browser to Lamba's hosted sign-in page.</summary>
    public IActionResult OnPostLamba() => OffersHostedSignIn
        ? Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page("/Me/Index") }, HostedSignIn.Scheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] LoginCommand input, CancellationToken cancellationToken)
    {
        Input = input with { Password = "" };
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return Outcome(await mediator.Send(input, cancellationToken), new PendingCredentials(input.Login, input.Password, input.InvitationToken));
    }

    public async Task<IActionResult> OnPostVerifyAsync([Bind(Prefix = nameof(Input))] MfaCodeInput input, CancellationToken cancellationToken)
    {
        if (pendingLogin.Recall(Request) is not { } pending)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, LoginMessages.PendingExpired);
            return Page();
        }

        Input = new LoginCommand { Login = pending.Login, InvitationToken = pending.InvitationToken };
        MfaStep = true;

        // A one-time code is never echoed back into the form, right or wrong.
        ModelState.SetModelValue(MfaStepForm.CodeKey, rawValue: null, attemptedValue: null);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var command = new LoginCommand
        {
            Login = pending.Login, Password = pending.Password, MfaCode = input.MfaCode, InvitationToken = pending.InvitationToken,
        };
        return Outcome(await mediator.Send(command, cancellationToken), pending);
    }

    private IActionResult Outcome(LoginResult result, PendingCredentials credentials)
    {
        switch (result.Status)
        {
            case LoginStatus.SignedIn:
                pendingLogin.Forget(Request, Response);
                session.SignIn(result.Tokens!);
                return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage("/Me/Index");
            case LoginStatus.MfaRequired:
                pendingLogin.Remember(Response, credentials);
                MfaStep = true;
                return Page();
            case LoginStatus.InvalidCode:
                MfaStep = true;
                ModelState.AddModelError(MfaStepForm.CodeKey, LoginMessages.WrongCode);
                return Page();
            case LoginStatus.Rejected:
                MfaStep = false;
                ModelState.AddLambaErrors(result.Errors, nameof(Input));
                return Page();
            default:
                pendingLogin.Forget(Request, Response);
                MfaStep = false;
                ModelState.AddModelError(string.Empty, result.Status switch
                {
                    LoginStatus.Locked => LoginMessages.Locked(result.RetryAfter),
                    LoginStatus.RateLimited => LoginMessages.RateLimited(result.RetryAfter),
                    _ => LoginMessages.WrongCredentials,
                });
                return Page();
        }
    }
}
