using LambaPages.Features.Shared;
using LambaPages.Localization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.Me.Profile;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public UserProfile Profile { get; private set; } = null!;

    public UpdateProfileCommand Input { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Profile = await mediator.Send(new ProfileQuery(), cancellationToken);
        Input = UpdateProfileCommand.From(Profile);
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] UpdateProfileCommand input, CancellationToken cancellationToken)
    {
        Input = input;
        if (ModelState.IsValid)
        {
            var result = await mediator.Send(input, cancellationToken);
            if (result.Status != UpdateProfileStatus.Rejected)
            {
                TempData[StatusMessage.Key] = result.Status == UpdateProfileStatus.Saved ? ProfileMessages.Saved : ProfileMessages.NoChanges;
                // The language or time zone may have changed: the next page reads them from the profile again.
                UserPreferences.Forget(Response);
                return RedirectToPage();
            }

            ModelState.AddLambaErrors(result.Errors);
        }

        Profile = await mediator.Send(new ProfileQuery(), cancellationToken);
        return Page();
    }
}
