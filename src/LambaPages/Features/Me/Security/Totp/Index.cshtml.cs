using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>Enrol an authenticator app: start (POST), scan or type the secret, confirm with a first code (POST).</summary>
[SignInRateLimit("mfa-enable", StepUp = true)]
public sealed class IndexModel(IMediator mediator, PendingTotp pendingTotp, CurrentContext currentContext) : PageModel
{
    public const string RecoveryCodesKey = "Me.RecoveryCodes";
    private const string CodeKey = nameof(Input) + "." + nameof(ConfirmTotpCommand.Code);

    public bool AlreadyEnabled { get; private set; }

    /// <summary>The enrolment waiting for its first code, if any.</summary>
    public TotpEnrolment? Pending { get; private set; }

    public string? QrCodeSvg { get; private set; }

    public string? GroupedSecret { get; private set; }

    public ConfirmTotpCommand Input { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        AlreadyEnabled = (await mediator.Send(new SecurityQuery(), cancellationToken)).TotpEnabled;
        if (!AlreadyEnabled)
        {
            await ShowAsync(pendingTotp.Recall(Request), cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        if (await mediator.Send(new StartTotpEnrolmentCommand(), cancellationToken) is not { } enrolment)
        {
            TempData[StatusMessage.Key] = TotpMessages.AlreadyOn;
            return RedirectToPage("/Me/Security/Index");
        }

        pendingTotp.Remember(Response, enrolment);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] ConfirmTotpCommand input, CancellationToken cancellationToken)
    {
        var pending = pendingTotp.Recall(Request);
        if (pending is null)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, TotpMessages.SetupExpired);
            return Page();
        }

        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Status == TotpStatus.Done)
            {
                pendingTotp.Forget(Request, Response);
                TempData[RecoveryCodesKey] = string.Join('\n', result.RecoveryCodes ?? []);
                TempData[StatusMessage.Key] = TotpMessages.Enabled;
                return RedirectToPage("/Me/Security/Totp/RecoveryCodes");
            }

            ModelState.AddModelError(CodeKey, TotpMessages.InvalidCode);
        }

        ModelState.SetModelValue(CodeKey, rawValue: null, attemptedValue: null);
        await ShowAsync(pending, cancellationToken);
        return Page();
    }

    private async Task ShowAsync(TotpEnrolment? pending, CancellationToken cancellationToken)
    {
        Pending = pending;
        if (pending is null)
        {
            return;
        }

        var account = (await currentContext.LoadAsync(cancellationToken)).User.SignInName;
        QrCodeSvg = TotpQrCode.Svg(TotpQrCode.UriFor(pending, account));
        GroupedSecret = TotpQrCode.Grouped(pending.Secret);
    }
}
