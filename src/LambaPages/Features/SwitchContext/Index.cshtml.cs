using LambaPages.Features.Me;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LambaPages.Features.SwitchContext;

/// <summary>/SwitchContext: choose the Workspace / Project / environment this session works in.</summary>
public sealed class IndexModel(IMediator mediator, LambaSession session, CurrentContext currentContext) : PageModel
{
    public IReadOnlyList<ContextChoice> Choices { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] SwitchContextCommand input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            return await RefusedAsync(StatusCodes.Status400BadRequest, SwitchContextMessages.Rejected, cancellationToken);
        }

        var result = await mediator.Send(input, cancellationToken);
        switch (result.Status)
        {
            case SwitchContextStatus.Switched:
                // New cookies go out with this response (the old tokens' cached permissions are dropped, and requests
                // still carrying them adopt the new pair); what this request cached about the old context is dropped too.
                await session.SwitchAsync(result.Tokens!, cancellationToken);
                currentContext.Invalidate();
                var now = await currentContext.LoadAsync(cancellationToken);
                TempData[StatusMessage.Key] = SwitchContextMessages.Switched(Label(now, input));
                return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage("/Me/Index");
            case SwitchContextStatus.Denied:
                return await RefusedAsync(StatusCodes.Status403Forbidden, SwitchContextMessages.Denied, cancellationToken);
            case SwitchContextStatus.NotFound:
                return await RefusedAsync(StatusCodes.Status404NotFound, SwitchContextMessages.NotFound, cancellationToken);
            default:
                return await RefusedAsync(StatusCodes.Status400BadRequest, SwitchContextMessages.Rejected, cancellationToken);
        }
    }

    private async Task<IActionResult> RefusedAsync(int status, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, message);
        await LoadChoicesAsync(cancellationToken);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken) =>
        Choices = (await mediator.Send(new ContextChoicesQuery(), cancellationToken)).Choices;

    private static string Label(MeContext now, SwitchContextCommand asked) =>
        $"{now.ActiveWorkspace?.Name ?? asked.WorkspaceId} / {now.ActiveProject?.Name ?? asked.ProjectId} ({now.ActiveProject?.Environment ?? asked.Environment})";
}
