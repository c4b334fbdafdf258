using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BarePage.Pages;

public sealed class MeModel(MeContextClient lamba) : PageModel
{
    public const string AccessCookie = "bare_access";

    public MeContext Context { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Request.Cookies[AccessCookie] is not { Length: > 0 } token)
        {
            return Unauthorized();
        }

        try
        {
            Context = await lamba.GetAsync(token, cancellationToken) ?? throw new HttpRequestException("Empty context.");
        }
        catch (HttpRequestException)
        {
            return StatusCode(StatusCodes.Status502BadGateway);
        }

        return Page();
    }
}
