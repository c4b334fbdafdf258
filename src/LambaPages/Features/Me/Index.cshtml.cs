using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public MeContext Me { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Me = await mediator.Send(new MeQuery(), cancellationToken);
}
