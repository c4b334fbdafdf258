using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Register;

/// <summary>/Register/CheckEmail: where every accepted sign-up lands, whether the address was new or already had an account.</summary>
[AllowAnonymous]
public sealed class CheckEmailModel : PageModel
{
    public void OnGet()
    {
    }
}
