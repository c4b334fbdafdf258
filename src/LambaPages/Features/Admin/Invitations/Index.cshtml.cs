using Lamba.AspNetCore.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Localization;

namespace LambaPages.Features.Admin.Invitations;

[AdminLink("Invitations", "/Admin/Invitations/Index", Order = 20)]
[Authorize(Policy = Permissions.InvitationsRead)]
public sealed class IndexModel(IMediator mediator, CurrentPermissions permissions) : PageModel
{
    public InviteCommand Input { get; private set; } = new();

    public InvitationsOverview Overview { get; private set; } = null!;

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    [RequiresPermission(Permissions.InvitationsWrite)]
    public async Task<IActionResult> OnPostInviteAsync([Bind(Prefix = nameof(Input))] InviteCommand input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }

        return await this.AnswerAsync(await mediator.Send(input, cancellationToken), Text.Format("Invitation sent to {0}.", input.Email.Trim()), () => RedirectToPage(),
            form: () => ShowAsync(cancellationToken), errorKey: $"{nameof(Input)}.{nameof(InviteCommand.Email)}");
    }

    [RequiresPermission(Permissions.InvitationsWrite)]
    public async Task<IActionResult> OnPostResendAsync(string invitationId, CancellationToken cancellationToken) =>
        await this.AnswerAsync(await mediator.Send(new ResendInvitationCommand(invitationId), cancellationToken),
            "Invitation sent again with a new link.", () => RedirectToPage());

    [RequiresPermission(Permissions.InvitationsWrite)]
    public async Task<IActionResult> OnPostRevokeAsync(string invitationId, CancellationToken cancellationToken) =>
        await this.AnswerAsync(await mediator.Send(new RevokeInvitationCommand(invitationId), cancellationToken), "Invitation revoked.", () => RedirectToPage());

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Overview = await mediator.Send(new PendingInvitationsQuery(), cancellationToken);
        CanWrite = (await permissions.LoadAsync(cancellationToken)).Has(Permissions.InvitationsWrite);
        return Page();
    }
}
