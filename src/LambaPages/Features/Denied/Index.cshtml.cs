using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Denied;

/// <summary>Where a signed-in user lands when a page's policy says no.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
