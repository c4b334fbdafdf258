using Lamba.AspNetCore.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Members;

[Authorize(Policy = Permissions.MembersRead)]
public sealed class DetailModel(IMediator mediator, CurrentPermissions permissions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    public MemberDetail Detail { get; private set; } = null!;

    /// <summary>The roles shown as checked: what was posted after a refusal, else the member's own.</summary>
    public IReadOnlyList<string> Checked { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(null, cancellationToken);

    [RequiresPermission(Permissions.MembersWrite)]
    public async Task<IActionResult> OnPostRolesAsync(string[]? roleKeys, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ChangeMemberRolesCommand(UserId, roleKeys ?? []), cancellationToken);
        return await this.AnswerAsync(result, "Roles updated.", () => RedirectToPage(new { userId = UserId }),
            form: () => ShowAsync(roleKeys ?? [], cancellationToken), gone: () => RedirectToPage("/Admin/Members/Index"));
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
}
