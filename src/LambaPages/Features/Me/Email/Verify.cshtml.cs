using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Email;

[SignInRateLimit("email-change-code", StepUp = true)]
public sealed class VerifyModel(IMediator mediator) : PageModel
{
    private const string CodeKey = nameof(Input) + "." + nameof(VerifyEmailChangeCommand.Code);

    public VerifyEmailChangeCommand Input { get; private set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] VerifyEmailChangeCommand input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Status == EmailChangeStatus.Done)
            {
                TempData[StatusMessage.Key] = EmailMessages.Changed;
                return RedirectToPage("/Me/Index");
            }

            ModelState.AddModelError(CodeKey, result.Status == EmailChangeStatus.EmailTaken ? EmailMessages.EmailTaken : EmailMessages.InvalidCode);
        }

        // A one-time code is never echoed back.
        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null);
        return Page();
    }
}
