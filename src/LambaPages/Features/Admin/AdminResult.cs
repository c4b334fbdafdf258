using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using LambaPages.Features.Shared;
using LambaPages.Pipeline;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Refit;

namespace LambaPages.Features.Admin;

public enum AdminStatus
{
    Done,
    Invalid,
    Denied,
    NotFound,
    Conflict,
}

/// <summary>
/// How an admin change ended. Lamba's refusals (400, 403, 404, 409) are outcomes the page explains; a 5xx is not
/// one of them and reaches the error page with its trace id.
/// </summary>
public sealed record AdminResult(AdminStatus Status, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null) : IHasOutcome
{
    public static readonly AdminResult Done = new(AdminStatus.Done);

    /// <summary>A role above the member's own was given or taken away: explained on the form, not a denial of the page.</summary>
    public static readonly AdminResult NotGrantable = new(AdminStatus.Invalid, AdminMessages.RoleNotGrantable);

    public string Outcome => Status.ToString();

    public bool Succeeded => Status == AdminStatus.Done;

    /// <summary>Runs one admin change against Lamba: <see cref="Done"/>, or the refusal the page explains; a 5xx throws.</summary>
    public static async Task<AdminResult> OfAsync(Func<Task<IApiResponse>> change, Func<LambaProblem, string>? conflictMessage = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var response = await change();
        return response.Problem() switch
        {
            null => Done,
            { Status: 400 } problem => new AdminResult(AdminStatus.Invalid, problem.Detail ?? "Lamba did not accept these values.", problem.Errors),
            { Status: 403, ErrorCode: "ROLE_NOT_GRANTABLE" } => NotGrantable,
            { Status: 403 } problem => new AdminResult(AdminStatus.Denied, problem.ErrorCode),
            { Status: 404 } => new AdminResult(AdminStatus.NotFound, "It no longer exists. The list below is up to date."),
            { Status: 409 } problem => new AdminResult(AdminStatus.Conflict, conflictMessage?.Invoke(problem) ?? AdminMessages.Conflict),
            _ => throw response.Unexpected(),
        };
    }
}

/// <summary>The one mapping from an admin change's result to the page's answer.</summary>
public static class AdminAnswers
{
    /// <summary>
    /// Done: <paramref name="done"/> as the status line, then <paramref name="next"/>. Denied by Lamba: the denied page,
    /// with the session's cached permissions dropped (<see cref="LambaDeniedResult"/>). Gone: the refusal as the status
    /// line, then <paramref name="gone"/> (else <paramref name="next"/>). Any other refusal: on the <paramref name="form"/>
    /// when the page has one (Lamba's field errors next to their fields, else under <paramref name="errorKey"/>), else as
    /// the status line after <paramref name="next"/>.
    /// </summary>
    public static async Task<IActionResult> AnswerAsync(
        this PageModel page,
        AdminResult result,
        string done,
        Func<IActionResult> next,
        Func<Task<IActionResult>>? form = null,
        string errorKey = "",
        Func<IActionResult>? gone = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(next);
        if (result.Status == AdminStatus.Denied)
        {
            return new LambaDeniedResult();
        }

        if (result.Succeeded)
        {
            page.TempData[StatusMessage.Key] = done;
            return next();
        }

        if (result.Status == AdminStatus.NotFound || form is null)
        {
            page.TempData[StatusMessage.Key] = result.Message ?? AdminMessages.Conflict;
            return (result.Status == AdminStatus.NotFound ? gone ?? next : next)();
        }

        page.ModelState.AddLambaErrors(result.Errors);
        if (result.Errors is not { Count: > 0 })
        {
            page.ModelState.AddModelError(errorKey, result.Message ?? AdminMessages.Conflict);
        }

        return await form();
    }
}

/// <summary>The admin area's words; tests and the e2e tier rely on them.</summary>
public static class AdminMessages
{
    public const string Conflict = "Someone changed this at the same time. The page shows the current state; try again.";
    public const string LastAdminRemove = "You can't remove the last person who can manage members.";
    public const string RoleNotGrantable = "You can give or take away only roles at or below your own; only an owner can make someone owner or change an owner's roles.";
    public const string LastAdminDemote = "You can't take the right to manage members away from the last person who has it.";
}
