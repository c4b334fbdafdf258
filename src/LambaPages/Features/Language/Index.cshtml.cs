using LambaPages.Localization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Language;

/// <summary>
/// The footer's language switcher posts here (antiforgery, never a GET). Signed in, the choice is saved in the
/// profile, so every device follows it; before sign-in it is kept in the preferences cookie only.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl, CancellationToken cancellationToken)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (Cultures.Match(language) is not { } chosen)
        {
            return LocalRedirect(back);
        }

        if (UserPreferences.SessionIdOf(User) is { } sessionId)
        {
            var changed = await mediator.Send(new ChangeLanguageCommand { Language = chosen }, cancellationToken);
            new UserPreferences(chosen, changed.TimeZone, sessionId).Apply(HttpContext, writeCookie: true);
        }
        else
        {
            new UserPreferences(chosen, UserPreferences.Anonymous.TimeZone, SessionId: null).Apply(HttpContext, writeCookie: true);
        }

        return LocalRedirect(back);
    }
}
