using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Audit;

[AdminLink("Audit log", "/Admin/Audit/Index", Order = 50)]
[Authorize(Policy = Permissions.AuditRead)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string[] Prev { get; set; } = [];

    public LambaList<AuditEvent> Events { get; private set; } = new([], null);

    public CursorTrail Trail => new(Cursor, Prev);

    public IEnumerable<KeyValuePair<string, string?>> Filters => [new("actor", Actor), new("action", Action)];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Events = await mediator.Send(new AuditEventsQuery(Cursor, Actor, Action), cancellationToken);
}
