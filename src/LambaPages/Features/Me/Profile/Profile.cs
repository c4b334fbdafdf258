using System.Net;
using System.Text.Json.Nodes;
using FluentValidation;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Mediator;
using Refit;

namespace LambaPages.Features.Me.Profile;

/// <summary>The signed-in user's profile as Lamba holds it.</summary>
public sealed record ProfileQuery : IQuery<UserProfile>;

public sealed class ProfileQueryHandler(IProfileApi api) : IQueryHandler<ProfileQuery, UserProfile>
{
    public async ValueTask<UserProfile> Handle(ProfileQuery query, CancellationToken cancellationToken) =>
        await api.GetProfileAsync(cancellationToken);
}

/// <summary>The editable profile fields as the form posts them; an empty field means "clear it".</summary>
public sealed record UpdateProfileCommand : ICommand<UpdateProfileResult>
{
    public string? DisplayName { get; init; }

    public string? Username { get; init; }

    public string? Phone { get; init; }

    public string? Locale { get; init; }

    public string? TimeZone { get; init; }

    public static UpdateProfileCommand From(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new UpdateProfileCommand
        {
            DisplayName = profile.DisplayName,
            Username = profile.Username,
            Phone = profile.Phone,
            Locale = profile.Locale,
            // Lamba's default when unset: the select then shows what is in effect.
            TimeZone = profile.TimeZone ?? TimeZones.Default,
        };
    }
}

public sealed class UpdateProfileCommandValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileCommandValidator()
    {
        RuleFor(x => x.DisplayName).MaximumLength(100).WithMessage("A display name has at most 100 characters.");
        RuleFor(x => x.Username).Cascade(CascadeMode.Stop)
            .Length(3, 32).WithMessage("A username has 3 to 32 characters.")
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("Use only letters, digits, dots, underscores and hyphens.")
            .When(x => !string.IsNullOrWhiteSpace(x.Username));
        RuleFor(x => x.Phone)
            .Matches(@"^\+[1-9][0-9]{6,14}$").WithMessage("Enter the phone number in international format, for example +15555550100.")
            .When(x => !string.IsNullOrWhiteSpace(x.Phone));
        RuleFor(x => x.Locale)
            .Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").WithMessage("Enter a language tag such as en, en-GB or pt-BR.")
            .When(x => !string.IsNullOrWhiteSpace(x.Locale));
        RuleFor(x => x.TimeZone)
            .Must(TimeZones.IsKnown).WithMessage("Choose a time zone from the list.")
            .When(x => !string.IsNullOrWhiteSpace(x.TimeZone));
    }
}

public enum UpdateProfileStatus
{
    Saved,
    NoChanges,
    Rejected,
}

public sealed record UpdateProfileResult(UpdateProfileStatus Status, IReadOnlyDictionary<string, string[]>? Errors = null) : IHasOutcome
{
    public string Outcome => Status.ToString();
}

public static class ProfileMessages
{
    public const string Saved = "Profile saved.";
    public const string NoChanges = "There were no changes to save.";
    public const string UsernameTaken = "That username is already taken. Choose another.";
    public const string PhoneTaken = "That phone number belongs to another account.";
}

public sealed class UpdateProfileCommandHandler(IProfileApi api, CurrentContext currentContext) : ICommandHandler<UpdateProfileCommand, UpdateProfileResult>
{
    public async ValueTask<UpdateProfileResult> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        var changes = Changes(await api.GetProfileAsync(cancellationToken), command);
        if (changes.Count == 0)
        {
            return new UpdateProfileResult(UpdateProfileStatus.NoChanges);
        }

        try
        {
            await api.UpdateProfileAsync(changes, cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Username and phone are the unique fields this route changes; USERNAME_TAKEN names the first.
            var usernameTaken = ex.ToLambaProblem().ErrorCode == "USERNAME_TAKEN";
            return new UpdateProfileResult(UpdateProfileStatus.Rejected, new Dictionary<string, string[]>
            {
                [usernameTaken ? "username" : "phone"] = [usernameTaken ? ProfileMessages.UsernameTaken : ProfileMessages.PhoneTaken],
            });
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            return new UpdateProfileResult(UpdateProfileStatus.Rejected, ex.ToLambaProblem().Errors);
        }

        // The layout shows the user's name: this request must not keep showing the old one.
        currentContext.Invalidate();
        return new UpdateProfileResult(UpdateProfileStatus.Saved);
    }

    /// <summary>The merge-patch body: each field whose value differs from the loaded profile; an emptied field as null.</summary>
    internal static JsonObject Changes(UserProfile current, UpdateProfileCommand wanted)
    {
        var changes = new JsonObject();
        Compare(changes, "displayName", current.DisplayName, wanted.DisplayName);
        Compare(changes, "username", current.Username, wanted.Username?.Trim().ToLowerInvariant());
        Compare(changes, "phone", current.Phone, wanted.Phone);
        Compare(changes, "locale", current.Locale, wanted.Locale);
        Compare(changes, "timeZone", current.TimeZone ?? TimeZones.Default, wanted.TimeZone);
        return changes;
    }

    private static void Compare(JsonObject changes, string name, string? current, string? wanted)
    {
        var before = string.IsNullOrWhiteSpace(current) ? null : current.Trim();
        var after = string.IsNullOrWhiteSpace(wanted) ? null : wanted.Trim();
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes[name] = after;
        }
    }
}
