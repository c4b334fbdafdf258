using Lamba.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Admin;

/// <summary>The admin area's start page: the admin pages this user may open (the same list as the layout's).</summary>
[Authorize(Policy = Permissions.AdminArea)]
public sealed class IndexModel(AdminNavigation navigation, CurrentPermissions permissions) : PageModel
{
    public IReadOnlyList<AdminLink> Links { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await permissions.LoadAsync(cancellationToken);
        Links = await navigation.VisibleLinksAsync(User);
    }
}
