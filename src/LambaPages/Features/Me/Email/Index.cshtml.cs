using LambaPages.Features.Me.Profile;
using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Email;

[SignInRateLimit("email-change", StepUp = true)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    private const string PasswordKey = nameof(Input) + "." + nameof(StartEmailChangeCommand.Password);

    public UserProfile Profile { get; private set; } = null!;

    /// <summary>What the form shows; the password is never put back.</summary>
    public StartEmailChangeCommand Input { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Profile = await mediator.Send(new ProfileQuery(), cancellationToken);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] StartEmailChangeCommand input, CancellationToken cancellationToken)
    {
        Input = input with { Password = "" };
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            switch (result.Status)
            {
                case EmailChangeStatus.Done:
                    TempData[StatusMessage.Key] = EmailMessages.CodeSent(input.NewEmail.Trim());
                    return RedirectToPage("/Me/Email/Verify");
                case EmailChangeStatus.WrongPassword:
                    ModelState.AddModelError(PasswordKey, EmailMessages.WrongPassword);
                    break;
                case EmailChangeStatus.RateLimited:
                    ModelState.AddModelError(string.Empty, EmailMessages.TooManyAttempts(result.RetryAfter));
                    break;
                case EmailChangeStatus.EmailTaken:
                    ModelState.AddModelError($"{nameof(Input)}.{nameof(StartEmailChangeCommand.NewEmail)}", EmailMessages.EmailTaken);
                    break;
                default:
                    ModelState.AddLambaErrors(result.Errors);
                    break;
            }
        }

        ModelState.SetModelValue(PasswordKey, rawValue: null, attemptedValue: null);
        Profile = await mediator.Send(new ProfileQuery(), cancellationToken);
        return Page();
    }
}
