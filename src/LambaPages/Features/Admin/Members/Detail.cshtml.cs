using Lamba.AspNetCore.Authorization;
using LambaPages.Features.Me;
using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Members;

[Authorize(Policy = Permissions.MembersRead)]
public sealed class DetailModel(IMediator mediator, PermissionGuard guard, CurrentPermissions permissions, CurrentContext currentContext) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    public MemberDetail Detail { get; private set; } = null!;

    /// <summary>The roles shown as checked: what was posted after a refusal, else the member's own.</summary>
    public IReadOnlyList<string> Checked { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostRolesAsync(string[]? roleKeys, CancellationToken cancellationToken)
    {
        if (await guard.DenyUnlessAsync(User, Permissions.MembersWrite) is { } denied)
        {
            return denied;
        }

        var result = await mediator.Send(new ChangeMemberRolesCommand(UserId, roleKeys ?? []), cancellationToken);
        switch (result.Status)
        {
            case AdminStatus.Done:
                await ForgetOwnPermissionsAsync(cancellationToken);
                TempData[StatusMessage.Key] = "Roles updated.";
                return RedirectToPage(new { userId = UserId });
            case AdminStatus.Denied:
                permissions.Invalidate();
                return new PermissionDeniedResult(Permissions.MembersWrite);
            case AdminStatus.NotFound:
                TempData[StatusMessage.Key] = "That member is no longer in this Project.";
                return RedirectToPage("/Admin/Members/Index");
            default:
                ModelState.AddModelError(string.Empty, result.Message ?? AdminMessages.Conflict);
                return await ShowAsync(roleKeys ?? [], cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(IReadOnlyList<string>? posted, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new MemberDetailQuery(UserId), cancellationToken) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        Checked = posted ?? detail.Member.Roles;
        CanWrite = (await permissions.LoadAsync(cancellationToken)).Has(Permissions.MembersWrite);
        return Page();
    }

    /// <summary>An admin who changed their own roles must not keep acting on the old ones for the cache window.</summary>
    private async Task ForgetOwnPermissionsAsync(CancellationToken cancellationToken)
    {
        var me = await currentContext.LoadAsync(cancellationToken);
        if (string.Equals(me.User.Id, UserId, StringComparison.Ordinal))
        {
            permissions.Invalidate();
        }
    }
}
