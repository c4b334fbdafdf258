using Lamba.AspNetCore.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Localization;

namespace LambaPages.Features.Admin.Sessions;

[AdminLink("Sessions", "/Admin/Sessions/Index", Order = 40)]
[Authorize(Policy = Permissions.SessionsRead)]
public sealed class IndexModel(IMediator mediator, CurrentPermissions permissions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    public MemberSessionsOverview Overview { get; private set; } = null!;

    public bool CanRevoke { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Overview = await mediator.Send(new MemberSessionsQuery(UserId), cancellationToken);
        CanRevoke = (await permissions.LoadAsync(cancellationToken)).Has(Permissions.SessionsRevoke);
    }

    [RequiresPermission(Permissions.SessionsRevoke)]
    public async Task<IActionResult> OnPostRevokeAsync(string sessionId, CancellationToken cancellationToken) =>
        await this.AnswerAsync(await mediator.Send(new RevokeSessionCommand(sessionId), cancellationToken), "Session ended.", Back);

    [RequiresPermission(Permissions.SessionsRevoke)]
    public async Task<IActionResult> OnPostRevokeAllAsync(CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new RevokeAllSessionsCommand(UserId ?? ""), cancellationToken);
        return await this.AnswerAsync(outcome.Result, Plural.Format("{0} sessions ended.", outcome.Revoked), Back);
    }

    private RedirectToPageResult Back() => RedirectToPage(new { userId = UserId });
}
