using Lamba.AspNetCore.Authorization;
using LambaPages.Features.Me;
using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Members;

/// <summary>Confirmation before removing a member; the GET only asks, the POST acts.</summary>
[Authorize(Policy = Permissions.MembersWrite)]
public sealed class RemoveModel(IMediator mediator, CurrentPermissions permissions, CurrentContext currentContext) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    public Member Member { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RemoveMemberCommand(UserId), cancellationToken);
        switch (result.Status)
        {
            case AdminStatus.Done:
            case AdminStatus.NotFound:
                if ((await currentContext.LoadAsync(cancellationToken)).User.Id == UserId)
                {
                    permissions.Invalidate();
                }

                TempData[StatusMessage.Key] = "Member removed.";
                return RedirectToPage("/Admin/Members/Index");
            case AdminStatus.Denied:
                permissions.Invalidate();
                return new PermissionDeniedResult(Permissions.MembersWrite);
            default:
                ModelState.AddModelError(string.Empty, result.Message ?? AdminMessages.Conflict);
                return await ShowAsync(cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (await mediator.Send(new MemberDetailQuery(UserId), cancellationToken) is not { } detail)
        {
            return NotFound();
        }

        Member = detail.Member;
        return Page();
    }
}
