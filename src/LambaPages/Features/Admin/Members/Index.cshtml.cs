using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin.Members;

[AdminLink("Members", "/Admin/Members/Index", Order = 10)]
[Authorize(Policy = Permissions.MembersRead)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string[] Prev { get; set; } = [];

    public LambaList<Member> Members { get; private set; } = new([], null);

    public CursorTrail Trail => new(Cursor, Prev);

    public IEnumerable<KeyValuePair<string, string?>> Filters => [new("search", Search)];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Members = await mediator.Send(new ListMembersQuery(Cursor, Search), cancellationToken);
}
