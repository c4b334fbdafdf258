using System.Net;
using FluentValidation;
using LambaPages.Features.Admin.Members;
using Mediator;
using Refit;

namespace LambaPages.Features.Admin.Sessions;

/// <summary>The members to pick from and, once one is picked, their sessions.</summary>
public sealed record MemberSessionsQuery(string? UserId) : IQuery<MemberSessionsOverview>;

/// <summary><see cref="Members"/> is null when the viewer may not list members (then a user id is typed instead).</summary>
public sealed record MemberSessionsOverview(IReadOnlyList<Member>? Members, IReadOnlyList<MemberSession>? Sessions);

public sealed class MemberSessionsQueryHandler(IAdminSessionsApi api, IMembersApi members) : IQueryHandler<MemberSessionsQuery, MemberSessionsOverview>
{
    public async ValueTask<MemberSessionsOverview> Handle(MemberSessionsQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<Member>? picker;
        try
        {
            picker = (await members.ListAsync(100, null, null, cancellationToken)).All;
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            picker = null;
        }

        var sessions = string.IsNullOrWhiteSpace(query.UserId) ? null : (await api.ListAsync(query.UserId, cancellationToken)).All;
        return new MemberSessionsOverview(picker, sessions);
    }
}

/// <summary>End one session of a member.</summary>
public sealed record RevokeSessionCommand(string SessionId) : ICommand<AdminResult>;

public sealed class RevokeSessionCommandValidator : AbstractValidator<RevokeSessionCommand>
{
    public RevokeSessionCommandValidator() => RuleFor(x => x.SessionId).NotEmpty();
}

public sealed class RevokeSessionCommandHandler(IAdminSessionsApi api) : ICommandHandler<RevokeSessionCommand, AdminResult>
{
    public async ValueTask<AdminResult> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var result = await AdminResult.OfAsync(() => api.RevokeAsync(command.SessionId, cancellationToken));

        // Already ended counts as done: the member's session is over either way.
        return result.Status == AdminStatus.NotFound ? AdminResult.Done : result;
    }
}

/// <summary>End every session of a member (one DELETE per session: the contract has no bulk route).</summary>
public sealed record RevokeAllSessionsCommand(string UserId) : ICommand<RevokeAllResult>;

public sealed record RevokeAllResult(AdminResult Result, int Revoked) : Pipeline.IHasOutcome
{
    public string Outcome => Result.Outcome;
}

public sealed class RevokeAllSessionsCommandValidator : AbstractValidator<RevokeAllSessionsCommand>
{
    public RevokeAllSessionsCommandValidator() => RuleFor(x => x.UserId).NotEmpty().WithMessage("Choose a member.");
}

public sealed class RevokeAllSessionsCommandHandler(IAdminSessionsApi api) : ICommandHandler<RevokeAllSessionsCommand, RevokeAllResult>
{
    /// <summary>The contract's largest page: the fewest list calls.</summary>
    public const int PageSize = 100;

    public async ValueTask<RevokeAllResult> Handle(RevokeAllSessionsCommand command, CancellationToken cancellationToken)
    {
        var revoked = 0;

        // Every page, following nextCursor to its end: "all sessions ended" must be true, not true of page one.
        // (A refused list call throws; Lamba's 403 there is the denied page, through RequiresPermissionFilter.)
        string? cursor = null;
        do
        {
            var page = await api.ListPageAsync(command.UserId, PageSize, cursor, cancellationToken);
            foreach (var session in page.All)
            {
                var result = await AdminResult.OfAsync(() => api.RevokeAsync(session.Id, cancellationToken));
                if (result.Succeeded)
                {
                    revoked++;
                }
                else if (result.Status != AdminStatus.NotFound) // ended meanwhile: nothing left to do for that one
                {
                    return new RevokeAllResult(result, revoked);
                }
            }

            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));

        return new RevokeAllResult(AdminResult.Done, revoked);
    }
}
