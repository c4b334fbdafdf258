using LambaPages.Features.Shared;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LambaPages.Hosting;

namespace LambaPages.Features.Phone;

/// <summary>
/// "Text me a code" and "Send a new code": asks Lamba for a code, remembers the number server-side and moves on to
/// /Phone/Code; a refusal stays on the page that asked, with its reason.
/// </summary>
[SliceService(ServiceLifetime.Scoped)]
public sealed class PhoneCodeSender(IMediator mediator, PendingPhone pendingPhone, TimeProvider timeProvider)
{
    public async Task<IActionResult> SendAsync(PageModel page, string phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await mediator.Send(new StartPhoneSignInCommand { Phone = phone }, cancellationToken);
        switch (result.Status)
        {
            case PhoneStatus.CodeRequested:
                pendingPhone.Remember(page.Response, new PendingPhoneSignIn(phone, timeProvider.GetUtcNow()));
                page.TempData[StatusMessage.Key] = PhoneMessages.CodeSent;
                return page.RedirectToPage("/Phone/Code");
            case PhoneStatus.RateLimited:
                page.ModelState.AddModelError(string.Empty, PhoneMessages.RateLimited(result.RetryAfter));
                return page.Page();
            default:
                page.ModelState.AddLambaErrors(result.Errors);
                return page.Page();
        }
    }
}
