using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using LambaPages.Hosting;

namespace LambaPages.Features.Login;

/// <summary>/Login: the password step. When the account has MFA, /Login/Mfa asks for the code.</summary>
[SignInRateLimit("login", FormField = "Input.Login", Identifier = typeof(PendingLogin))]
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, SignInFlow flow, PendingLogin pendingLogin, IOptions<LambaOptions> lamba) : PageModel
{
    public const string HostedSignInFailed = "Signing in with Lamba did not complete. Try again, or sign in with your password.";

    /// <summary>LAMBA_CLIENT_ID is set: the page offers "Continue with Lamba" (hosted sign-in).</summary>
    public bool OffersHostedSignIn => HostedSignIn.IsConfigured(lamba.Value);

    /// <summary>What the form shows; the password is never put back.</summary>
    public LoginCommand Input { get; private set; } = new();

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

        return Answer(await mediator.Send(input, cancellationToken), new PendingCredentials(input.Login, input.Password, input.InvitationToken));
    }

    private IActionResult Answer(SignInOutcome outcome, PendingCredentials tried) => outcome.Status switch
    {
        SignInStatus.SignedIn => flow.Complete(this, outcome, pendingLogin, ReturnUrl),
        SignInStatus.SecondFactorRequired => SignInFlow.AskForSecondFactor(this, pendingLogin, tried, "/Login/Mfa", ReturnUrl),
        _ when SignInFlow.Explain(ModelState, outcome, LoginMessages.RateLimited) => Page(),
        _ => WrongCredentials(),
    };

    /// <summary>One message for an unknown login and a wrong password alike: no account enumeration.</summary>
    private PageResult WrongCredentials()
    {
        ModelState.AddModelError(string.Empty, LoginMessages.WrongCredentials);
        return Page();
    }
}
