using LambaPages.Features.Shared;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me.Sessions;

public sealed class IndexModel(IMediator mediator, LambaSession session) : PageModel
{
    public SessionsView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await mediator.Send(new SessionsQuery(), cancellationToken);

    public async Task<IActionResult> OnPostEndAsync(EndSessionCommand input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        var result = await mediator.Send(input, cancellationToken);
        if (result.Status == EndSessionStatus.EndedCurrent)
        {
            // Lamba has ended it already; forget it here too, as signing out does.
            session.SignOut();
            TempData[StatusMessage.Key] = Logout.SignedOutNotice.SignedOutMessage;
            return RedirectToPage("/Login/Index");
        }

        TempData[StatusMessage.Key] = result.Status == EndSessionStatus.EndedOther ? SessionsMessages.EndedOther : SessionsMessages.NotFound;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new EndOtherSessionsCommand(), cancellationToken);
        TempData[StatusMessage.Key] = SessionsMessages.EndedOthers(result.Ended);
        return RedirectToPage();
    }
}
