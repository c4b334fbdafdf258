using System.Net;
using FluentValidation;
using LambaPages.Features.Me.Profile;
using LambaPages.Features.Me.Security;
using LambaPages.Pipeline;
using Mediator;
using Refit;
using LambaPages.Localization;

namespace LambaPages.Features.Me.Sessions;

/// <summary>The user's sessions in plain words, the current one first, with times in the user's time zone.</summary>
public sealed record SessionsQuery : IQuery<SessionsView>;

public sealed record SessionRow(
    string Id,
    string Device,
    string? IpAddress,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    bool Current,
    ActiveProjectRef? ActiveProject);

public sealed record SessionsView(IReadOnlyList<SessionRow> Sessions, TimeZoneInfo TimeZone, DateTimeOffset Now)
{
    public bool HasOthers => Sessions.Any(s => !s.Current);
}

public sealed class SessionsQueryHandler(ISessionsApi api, IProfileApi profileApi, TimeProvider clock) : IQueryHandler<SessionsQuery, SessionsView>
{
    public async ValueTask<SessionsView> Handle(SessionsQuery query, CancellationToken cancellationToken)
    {
        var sessions = api.GetAllSessionsAsync(cancellationToken);
        var profile = profileApi.GetProfileAsync(cancellationToken);
        await Task.WhenAll(sessions, profile);

        var rows = (await sessions)
            .OrderByDescending(s => s.Current)
            .ThenByDescending(s => s.LastSeenAt ?? s.CreatedAt)
            .Select(s => new SessionRow(s.Id, DeviceName.FromUserAgent(s.UserAgent), s.IpAddress, s.CreatedAt, s.LastSeenAt, s.Current, s.ActiveProject))
            .ToList();
        return new SessionsView(rows, TimeZones.Find((await profile).TimeZone), clock.GetUtcNow());
    }
}

/// <summary>End one session of the user's own; ending the current one signs this browser out.</summary>
public sealed record EndSessionCommand : ICommand<EndSessionResult>
{
    public string SessionId { get; init; } = "";
}

public sealed class EndSessionCommandValidator : AbstractValidator<EndSessionCommand>
{
    public EndSessionCommandValidator() =>
        RuleFor(x => x.SessionId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Choose a session to sign out.")
            .Matches("^[A-Za-z0-9_-]{1,100}$").WithMessage("That is not a session id.");
}

public enum EndSessionStatus
{
    EndedOther,
    EndedCurrent,
    NotFound,
}

public sealed record EndSessionResult(EndSessionStatus Status) : IHasOutcome
{
    public string Outcome => Status.ToString();
}

/// <summary>End every session but this one.</summary>
public sealed record EndOtherSessionsCommand : ICommand<EndOtherSessionsResult>;

/// <summary><see cref="Ended"/> is null when Lamba did not say how many.</summary>
public sealed record EndOtherSessionsResult(int? Ended) : IHasOutcome
{
    public string Outcome => "Ended";
}

public static class SessionsMessages
{
    public const string EndedOther = "That session was signed out.";
    public const string NotFound = "That session had already ended.";

    public static string EndedOthers(int? count) => count switch
    {
        null => Text.Get("Your other sessions were signed out."),
        0 => Text.Get("There were no other sessions to sign out."),
        { } n => Plural.Format("Signed out {0} other sessions.", n),
    };
}

public sealed class EndSessionCommandHandler(ISessionsApi api) : ICommandHandler<EndSessionCommand, EndSessionResult>
{
    public async ValueTask<EndSessionResult> Handle(EndSessionCommand command, CancellationToken cancellationToken)
    {
        // Which one is "this device" is Lamba's answer, not the form's: the list says so.
        var target = (await api.GetAllSessionsAsync(cancellationToken)).FirstOrDefault(s => s.Id == command.SessionId);
        if (target is null)
        {
            return new EndSessionResult(EndSessionStatus.NotFound);
        }

        try
        {
            await api.EndSessionAsync(command.SessionId, cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new EndSessionResult(EndSessionStatus.NotFound);
        }

        return new EndSessionResult(target.Current ? EndSessionStatus.EndedCurrent : EndSessionStatus.EndedOther);
    }
}

public sealed class EndOtherSessionsCommandHandler(ISessionsApi api) : ICommandHandler<EndOtherSessionsCommand, EndOtherSessionsResult>
{
    public async ValueTask<EndOtherSessionsResult> Handle(EndOtherSessionsCommand command, CancellationToken cancellationToken)
    {
        using var response = await api.EndOtherSessionsAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw (Exception?)response.Error ?? new InvalidOperationException("Lamba refused to end the other sessions without saying why.");
        }

        return new EndOtherSessionsResult(SecurityMessages.SessionsEnded(response));
    }
}
