using Lamba.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Denied;

/// <summary>
/// Where a signed-in user lands when a page's policy says no. A refused admin request renders it in place with
/// 403 and a <see cref="PermissionDenial"/> naming what was missing.
/// </summary>
public sealed class IndexModel : PageModel
{
    /// <summary>The missing permission, when the refusal came from an admin permission policy.</summary>
    public PermissionDenial? Denial { get; private set; }

    public void OnGet()
    {
        Denial = HttpContext.Features.Get<PermissionDenial>();
        if (Denial is not null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
