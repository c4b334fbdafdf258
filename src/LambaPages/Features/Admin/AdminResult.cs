using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
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

    /// <summary>Runs one admin change against Lamba: <see cref="Done"/>, or the refusal the page explains; a 5xx propagates.</summary>
    public static async Task<AdminResult> OfAsync(Func<Task> change, Func<LambaProblem, string>? conflictMessage = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await change();
            return Done;
        }
        catch (ApiException ex) when (From(ex, conflictMessage) is { } refused)
        {
            return refused;
        }
    }

    /// <summary>Status first, errorCode second; null for anything the page should not explain (5xx, 401).</summary>
    public static AdminResult? From(ApiException exception, Func<LambaProblem, string>? conflictMessage = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problem = exception.ToLambaProblem();
        return problem.Status switch
        {
            400 => new AdminResult(AdminStatus.Invalid, problem.Detail ?? "Lamba did not accept these values.", problem.Errors),
            403 when problem.ErrorCode == "ROLE_NOT_GRANTABLE" => NotGrantable,
            403 => new AdminResult(AdminStatus.Denied, problem.ErrorCode),
            404 => new AdminResult(AdminStatus.NotFound, "It no longer exists. The list below is up to date."),
            409 => new AdminResult(AdminStatus.Conflict, conflictMessage?.Invoke(problem) ?? AdminMessages.Conflict),
            _ => null,
        };
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
