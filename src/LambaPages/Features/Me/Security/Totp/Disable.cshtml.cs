using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Security.Totp;

[SignInRateLimit("mfa-disable", StepUp = true)]
public sealed class DisableModel(IMediator mediator) : PageModel
{
    private const string CodeKey = nameof(Input) + "." + nameof(DisableTotpCommand.Code);

    public DisableTotpCommand Input { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        (await mediator.Send(new SecurityQuery(), cancellationToken)).TotpEnabled ? Page() : RedirectToPage("/Me/Security/Index");

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] DisableTotpCommand input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Status == TotpStatus.Done)
            {
                TempData[StatusMessage.Key] = TotpMessages.Disabled(result.OtherSessionsEnded);
                return RedirectToPage("/Me/Security/Index");
            }

            ModelState.AddModelError(CodeKey, TotpMessages.InvalidCode);
        }

        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null);
        return Page();
    }
}
