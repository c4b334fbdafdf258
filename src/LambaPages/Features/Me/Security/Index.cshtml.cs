using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Security;

[SignInRateLimit("password-change", StepUp = true)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public SecuritySummary Security { get; private set; } = null!;

    /// <summary>Always empty: passwords are never put back into the form.</summary>
    public ChangePasswordCommand Input { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Security = await mediator.Send(new SecurityQuery(), cancellationToken);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] ChangePasswordCommand input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Status == ChangePasswordStatus.Changed)
            {
                TempData[StatusMessage.Key] = SecurityMessages.PasswordChanged(result.OtherSessionsEnded);
                return RedirectToPage();
            }

            if (result.Status == ChangePasswordStatus.WrongPassword)
            {
                ModelState.AddModelError(nameof(Input) + "." + nameof(ChangePasswordCommand.CurrentPassword), SecurityMessages.WrongPassword);
            }
            else if (result.Status == ChangePasswordStatus.RateLimited)
            {
                ModelState.AddModelError(string.Empty, SecurityMessages.TooManyAttempts(result.RetryAfter));
            }
            else
            {
                ModelState.AddLambaErrors(result.Errors);
            }
        }

        foreach (var field in new[] { nameof(input.CurrentPassword), nameof(input.NewPassword), nameof(input.ConfirmNewPassword) })
        {
            ModelState.SetModelValue(nameof(Input) + "." + field, rawValue: null, attemptedValue: null);
        }

        Security = await mediator.Send(new SecurityQuery(), cancellationToken);
        return Page();
    }
}
