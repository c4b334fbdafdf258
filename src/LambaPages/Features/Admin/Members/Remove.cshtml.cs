using Lamba.AspNetCore.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Members;

/// <summary>Confirmation before removing a member; the GET only asks, the POST acts.</summary>
[Authorize(Policy = Permissions.MembersWrite)]
public sealed class RemoveModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    public Member Member { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    [RequiresPermission(Permissions.MembersWrite)]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await this.AnswerAsync(await mediator.Send(new RemoveMemberCommand(UserId), cancellationToken), "Member removed.",
            () => RedirectToPage("/Admin/Members/Index"), form: () => ShowAsync(cancellationToken));

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
