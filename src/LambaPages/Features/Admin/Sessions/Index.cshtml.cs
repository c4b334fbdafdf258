using Lamba.AspNetCore.Authorization;
using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Sessions;

[Authorize(Policy = Permissions.SessionsRead)]
public sealed class IndexModel(IMediator mediator, PermissionGuard guard, CurrentPermissions permissions) : PageModel
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

    public async Task<IActionResult> OnPostRevokeAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (await guard.DenyUnlessAsync(User, Permissions.SessionsRevoke) is { } denied)
        {
            return denied;
        }

        var result = await mediator.Send(new RevokeSessionCommand(sessionId), cancellationToken);
        return Outcome(result, "Session ended.");
    }

    public async Task<IActionResult> OnPostRevokeAllAsync(CancellationToken cancellationToken)
    {
        if (await guard.DenyUnlessAsync(User, Permissions.SessionsRevoke) is { } denied)
        {
            return denied;
        }

        var outcome = await mediator.Send(new RevokeAllSessionsCommand(UserId ?? ""), cancellationToken);
        return Outcome(outcome.Result, outcome.Revoked == 1 ? "1 session ended." : $"{outcome.Revoked} sessions ended.");
    }

    private IActionResult Outcome(AdminResult result, string done)
    {
        if (result.Status == AdminStatus.Denied)
        {
            permissions.Invalidate();
            return new PermissionDeniedResult(Permissions.SessionsRevoke);
        }

        TempData[StatusMessage.Key] = result.Succeeded ? done : result.Message;
        return RedirectToPage(new { userId = UserId });
    }
}
