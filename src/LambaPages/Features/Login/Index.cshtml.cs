using LambaPages.Features.Shared.SignIn;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Login;

/// <summary>/Login: the password step. When the account has MFA, /Login/Mfa asks for the code.</summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, SignInFlow flow, PendingLogin pendingLogin) : PageModel
{
    /// <summary>What the form shows; the password is never put back.</summary>
    public LoginCommand Input { get; private set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    // Read from the query, not taken as a handler argument: MVC traces handler arguments, and this is a secret.
    public void OnGet() => Input = new LoginCommand { InvitationToken = Request.Query["invitationToken"] };

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
