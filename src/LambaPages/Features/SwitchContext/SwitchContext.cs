using FluentValidation;
using LambaPages.Features.Me;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Mediator;
using Refit;
using LambaPages.Localization;

namespace LambaPages.Features.SwitchContext;

/// <summary>Every Workspace / Project / environment the user may enter, with the current one marked.</summary>
public sealed record ContextChoicesQuery : IQuery<ContextChoices>;

public sealed record ContextChoices(IReadOnlyList<ContextChoice> Choices, MeContext Current);

/// <summary>Enter another Workspace / Project / environment; the same session, new tokens.</summary>
public sealed record SwitchContextCommand : ICommand<SwitchContextResult>
{
    public string WorkspaceId { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string Environment { get; init; } = "";
}

public sealed class SwitchContextCommandValidator : AbstractValidator<SwitchContextCommand>
{
    public SwitchContextCommandValidator()
    {
        RuleFor(x => x.WorkspaceId).NotEmpty().WithMessage("Choose a Workspace.");
        RuleFor(x => x.ProjectId).NotEmpty().WithMessage("Choose a Project.");
        RuleFor(x => x.Environment).Must(e => e is "test" or "prod").WithMessage("Choose the test or prod environment.");
    }
}

public enum SwitchContextStatus
{
    Switched,
    Denied,
    NotFound,
    Rejected,
}

public sealed record SwitchContextResult(SwitchContextStatus Status, LambaTokens? Tokens = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    public override string ToString() => $"SwitchContextResult {{ Status = {Status} }}";
}

public static class SwitchContextMessages
{
    public const string Denied = "You are not a member of that Project in that environment, or your membership is not active. Choose another one.";
    public const string NotFound = "That Workspace or Project no longer exists. Choose another one.";
    public const string Rejected = "Choose a Workspace, Project and environment from the list.";

    public static string Switched(string label) => Text.Format("Switched to {0}.", label);
}

public sealed class ContextChoicesQueryHandler(IMembershipsApi api, CurrentContext currentContext) : IQueryHandler<ContextChoicesQuery, ContextChoices>
{
    public async ValueTask<ContextChoices> Handle(ContextChoicesQuery query, CancellationToken cancellationToken)
    {
        var current = await currentContext.LoadAsync(cancellationToken);
        var memberships = await api.GetMembershipsAsync(cancellationToken);
        var choices = ContextChoice.From(
            memberships.All, current.ActiveWorkspace?.Id, current.ActiveProject?.Id, current.ActiveProject?.Environment);
        return new ContextChoices(choices, current);
    }
}

public sealed class SwitchContextCommandHandler(ISwitchContextApi api) : ICommandHandler<SwitchContextCommand, SwitchContextResult>
{
    public async ValueTask<SwitchContextResult> Handle(SwitchContextCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var tokens = await api.SwitchContextAsync(
                new SwitchContextBody(command.WorkspaceId, command.ProjectId, command.Environment), cancellationToken);
            return new SwitchContextResult(SwitchContextStatus.Switched, tokens);
        }
        catch (ApiException ex) when (ex.ToLambaProblem() is { Status: 400 or 403 or 404 } problem)
        {
            return new SwitchContextResult(problem.Status switch
            {
                403 => SwitchContextStatus.Denied,
                404 => SwitchContextStatus.NotFound,
                _ => SwitchContextStatus.Rejected,
            });
        }
    }
}
