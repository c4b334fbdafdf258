using Lamba.AspNetCore.Authorization;
using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Invitations;

[Authorize(Policy = Permissions.InvitationsRead)]
public sealed class IndexModel(IMediator mediator, PermissionGuard guard, CurrentPermissions permissions) : PageModel
{
    public InviteCommand Input { get; private set; } = new();

    public InvitationsOverview Overview { get; private set; } = null!;

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync([Bind(Prefix = nameof(Input))] InviteCommand input, CancellationToken cancellationToken)
    {
        if (await guard.DenyUnlessAsync(User, Permissions.InvitationsWrite) is { } denied)
        {
            return denied;
        }

        Input = input;
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Succeeded)
            {
                TempData[StatusMessage.Key] = $"Invitation sent to {input.Email.Trim()}.";
                return RedirectToPage();
            }

            if (result.Status == AdminStatus.Denied)
            {
                permissions.Invalidate();
                return new PermissionDeniedResult(Permissions.InvitationsWrite);
            }

            AddErrors(result);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostResendAsync(string invitationId, CancellationToken cancellationToken) =>
        ActAsync(new ResendInvitationCommand(invitationId), "Invitation sent again with a new link.", cancellationToken);

    public Task<IActionResult> OnPostRevokeAsync(string invitationId, CancellationToken cancellationToken) =>
        ActAsync(new RevokeInvitationCommand(invitationId), "Invitation revoked.", cancellationToken);

    private async Task<IActionResult> ActAsync(Mediator.ICommand<AdminResult> command, string done, CancellationToken cancellationToken)
    {
        if (await guard.DenyUnlessAsync(User, Permissions.InvitationsWrite) is { } denied)
        {
            return denied;
        }

        var result = await mediator.Send(command, cancellationToken);
        if (result.Status == AdminStatus.Denied)
        {
            permissions.Invalidate();
            return new PermissionDeniedResult(Permissions.InvitationsWrite);
        }

        TempData[StatusMessage.Key] = result.Succeeded ? done : result.Message;
        return RedirectToPage();
    }

    private void AddErrors(AdminResult result)
    {
        var fieldErrors = result.Errors ?? new Dictionary<string, string[]>();
        foreach (var (field, messages) in fieldErrors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError($"{nameof(Input)}.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            }
        }

        if (fieldErrors.Count == 0)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(InviteCommand.Email)}", result.Message ?? AdminMessages.Conflict);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Overview = await mediator.Send(new PendingInvitationsQuery(), cancellationToken);
        CanWrite = (await permissions.LoadAsync(cancellationToken)).Has(Permissions.InvitationsWrite);
    }
}
