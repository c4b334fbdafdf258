using Lamba.AspNetCore.Authorization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Roles;

[AdminLink("Roles", "/Admin/Roles/Index", Order = 30)]
[Authorize(Policy = Permissions.RolesRead)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public RolesOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Overview = await mediator.Send(new RolesQuery(), cancellationToken);
}
