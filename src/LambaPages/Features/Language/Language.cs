using System.Text.Json.Nodes;
using FluentValidation;
using LambaPages.Features.Me.Profile;
using LambaPages.Localization;
using LambaPages.Pipeline;
using Mediator;

namespace LambaPages.Features.Language;

/// <summary>The footer's language choice for a signed-in user: it becomes the profile's language.</summary>
public sealed record ChangeLanguageCommand : ICommand<ChangeLanguageResult>
{
    public string Language { get; init; } = "";
}

public sealed class ChangeLanguageCommandValidator : AbstractValidator<ChangeLanguageCommand>
{
    public ChangeLanguageCommandValidator() =>
        RuleFor(x => x.Language).Must(language => Cultures.Match(language) is not null).WithMessage("Choose a language from the list.");
}

public sealed record ChangeLanguageResult(string TimeZone) : IHasOutcome
{
    public string Outcome => "Changed";
}

public sealed class ChangeLanguageCommandHandler(IProfileApi api) : ICommandHandler<ChangeLanguageCommand, ChangeLanguageResult>
{
    public async ValueTask<ChangeLanguageResult> Handle(ChangeLanguageCommand command, CancellationToken cancellationToken)
    {
        var profile = await api.UpdateProfileAsync(new JsonObject { ["locale"] = Cultures.Match(command.Language) }, cancellationToken);
        return new ChangeLanguageResult(profile.TimeZone ?? TimeZones.Default);
    }
}
