using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me.Memberships;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public MembershipsView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await mediator.Send(new MembershipsQuery(), cancellationToken);
}
