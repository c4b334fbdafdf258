using FluentValidation;
using LambaPages.Features.Admin.Roles;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using LambaPages.Features.Me;
using Mediator;
using Refit;
using LambaPages.Hosting;

namespace LambaPages.Features.Admin.Members;

/// <summary>One page of members, optionally filtered by email or name.</summary>
public sealed record ListMembersQuery(string? Cursor, string? Search) : IQuery<LambaList<Member>>
{
    public const int PageSize = 20;
}

public sealed class ListMembersQueryHandler(IMembersApi api) : IQueryHandler<ListMembersQuery, LambaList<Member>>
{
    public async ValueTask<LambaList<Member>> Handle(ListMembersQuery query, CancellationToken cancellationToken) =>
        await api.ListAsync(ListMembersQuery.PageSize, NullIfEmpty(query.Cursor), NullIfEmpty(query.Search?.Trim()), cancellationToken);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A member and the role catalogue to pick from (empty when the viewer may not read roles).</summary>
public sealed record MemberDetailQuery(string UserId) : IQuery<MemberDetail?>;

public sealed record MemberDetail(Member Member, RoleChoices Roles);

public sealed class MemberDetailQueryHandler(IMembersApi api, RoleCatalogue roles) : IQueryHandler<MemberDetailQuery, MemberDetail?>
{
    public async ValueTask<MemberDetail?> Handle(MemberDetailQuery query, CancellationToken cancellationToken)
    {
        Member member;
        try
        {
            member = await api.GetAsync(query.UserId, cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return new MemberDetail(member, await roles.ChoicesAsync(cancellationToken));
    }
}

/// <summary>Give a member exactly these roles in the active Project.</summary>
public sealed record ChangeMemberRolesCommand(string UserId, IReadOnlyList<string> RoleKeys) : ICommand<AdminResult>;

public sealed class ChangeMemberRolesCommandValidator : AbstractValidator<ChangeMemberRolesCommand>
{
    public ChangeMemberRolesCommandValidator()
    {
        RuleFor(x => x.UserId).NotEmpty().WithMessage("Choose a member.");
        RuleFor(x => x.RoleKeys).NotNull();
    }
}

/// <summary>
/// Checks the change against the member's own roles before Lamba sees it: roles above them cannot be given, and the
/// target's roles above them (shown but not offered) are kept as they are.
/// </summary>
public sealed class ChangeMemberRolesCommandHandler(IMembersApi api, RoleCatalogue roles, OwnPermissions own)
    : ICommandHandler<ChangeMemberRolesCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(ChangeMemberRolesCommand command, CancellationToken cancellationToken)
    {
        if (await CurrentRolesAsync(api, command.UserId, cancellationToken) is not { } current)
        {
            return new AdminResult(AdminStatus.NotFound, "That member is no longer in this Project.");
        }

        var choices = await roles.ChoicesAsync(cancellationToken);
        var requested = command.RoleKeys.Distinct(StringComparer.Ordinal).ToList();
        if (choices.Refused(requested.Except(current, StringComparer.Ordinal)).Count > 0)
        {
            return AdminResult.NotGrantable;
        }

        var kept = choices.Refused(current);
        var final = requested.Union(kept, StringComparer.Ordinal).ToList();
        var result = await AdminResult.OfAsync(
            () => api.ChangeRolesAsync(command.UserId, new ChangeRolesRequest(final), cancellationToken),
            LastAdmin(AdminMessages.LastAdminDemote));
        await own.ForgetIfChangedAsync(command.UserId, result, cancellationToken);
        return result;
    }

    /// <summary>The member's roles now, or null when they are not a member.</summary>
    internal static async Task<IReadOnlyList<string>?> CurrentRolesAsync(IMembersApi api, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.GetAsync(userId, cancellationToken)).Roles;
        }
        catch (ApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    internal static Func<LambaProblem, string> LastAdmin(string message) =>
        problem => problem.ErrorCode == "LAST_ADMIN" ? message : AdminMessages.Conflict;
}

/// <summary>Remove a member from the active Project (Lamba ends their sessions there).</summary>
public sealed record RemoveMemberCommand(string UserId) : ICommand<AdminResult>;

public sealed class RemoveMemberCommandValidator : AbstractValidator<RemoveMemberCommand>
{
    public RemoveMemberCommandValidator() => RuleFor(x => x.UserId).NotEmpty().WithMessage("Choose a member.");
}

/// <summary>Removing takes away every role the member holds, so each must be at or below the remover's own.</summary>
public sealed class RemoveMemberCommandHandler(IMembersApi api, RoleCatalogue roles, OwnPermissions own) : ICommandHandler<RemoveMemberCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        if (await ChangeMemberRolesCommandHandler.CurrentRolesAsync(api, command.UserId, cancellationToken) is { } current
            && (await roles.ChoicesAsync(cancellationToken)).Refused(current).Count > 0)
        {
            return AdminResult.NotGrantable;
        }

        var result = await AdminResult.OfAsync(
            () => api.RemoveAsync(command.UserId, cancellationToken),
            ChangeMemberRolesCommandHandler.LastAdmin(AdminMessages.LastAdminRemove));
        await own.ForgetIfChangedAsync(command.UserId, result, cancellationToken);
        return result;
    }
}

/// <summary>An admin who changed (or removed) their own membership must not keep acting on the old roles for the cache window.</summary>
[SliceService(ServiceLifetime.Scoped)]
public sealed class OwnPermissions(CurrentContext currentContext, CurrentPermissions permissions)
{
    public async Task ForgetIfChangedAsync(string userId, AdminResult result, CancellationToken cancellationToken)
    {
        if (result.Status is AdminStatus.Done or AdminStatus.NotFound
            && string.Equals((await currentContext.LoadAsync(cancellationToken)).User.Id, userId, StringComparison.Ordinal))
        {
            permissions.Invalidate();
        }
    }
}
