using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Phone;

/// <summary>/Phone (gated by the PhoneCode flag): the number; /Phone/Code then takes the texted code.</summary>
[SignInRateLimit("phone", Identifier = typeof(PendingPhone))]
[AllowAnonymous]
public sealed class IndexModel(PhoneCodeSender sender) : PageModel
{
    public StartPhoneSignInCommand Input { get; private set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] StartPhoneSignInCommand input, CancellationToken cancellationToken)
    {
        Input = input;
        return ModelState.IsValid ? await sender.SendAsync(this, PhoneRules.Normalise(input.Phone), cancellationToken) : Page();
    }
}
