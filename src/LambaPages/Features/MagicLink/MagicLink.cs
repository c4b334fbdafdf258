using LambaPages.Features;
using FluentValidation;
using LambaPages.Features.Register;
using LambaPages.Features.Shared;
using LambaPages.Features.Shared.SignIn;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using LambaPages.Localization;

[assembly: FeatureFolder("/MagicLink", FeatureFlags.MagicLink)]

namespace LambaPages.Features.MagicLink;

/// <summary>Ask Lamba to email a sign-in link that opens <see cref="ContinueUrl"/> (set by the page, never by the form).</summary>
public sealed record StartMagicLinkCommand : ICommand<StartMagicLinkResult>
{
    public string Email { get; init; } = "";

    public Uri? ContinueUrl { get; init; }

    // An email address is personal data: not in logs, whoever calls ToString.
    public override string ToString() => nameof(StartMagicLinkCommand);
}

public sealed class StartMagicLinkCommandValidator : AbstractValidator<StartMagicLinkCommand>
{
    public StartMagicLinkCommandValidator()
    {
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter your email address.")
            .Must(e => RegisterRules.IsEmail(e.Trim())).WithMessage("Enter an email address like name@example.com.");
    }
}

public enum MagicLinkStatus
{
    /// <summary>Lamba accepted the request; whether a link went out is deliberately unknown here.</summary>
    Requested,
    Rejected,
    RateLimited,
}

public sealed record StartMagicLinkResult(MagicLinkStatus Status, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
    : IHasOutcome
{
    public string Outcome => Status.ToString();
}

/// <summary>
/// Spend the link's token: the POST behind the "Continue" button, never a GET (mail scanners follow links).
/// <see cref="MfaCode"/> on the second try, when Lamba answered that the account needs its authenticator code.
/// </summary>
public sealed record VerifyMagicLinkCommand(string Token, string? MfaCode = null) : ICommand<SignInOutcome>
{
    public override string ToString() => nameof(VerifyMagicLinkCommand);
}

public sealed class VerifyMagicLinkCommandValidator : AbstractValidator<VerifyMagicLinkCommand>
{
    public VerifyMagicLinkCommandValidator() => RuleFor(x => x.MfaCode).MfaCode().When(x => x.MfaCode is not null);
}

public static class MagicLinkMessages
{
    /// <summary>The same words whether or not the address has an account: no enumeration.</summary>
    public const string Sent = "If an account exists for that address, we've sent a sign-in link.";
    public const string SignedIn = "You are signed in.";
    public const string PendingExpired = "Your sign-in has timed out. Open the link in your email again, or request a new one.";

    public static string RateLimited(TimeSpan? retryAfter) => Text.Get("Too many sign-in links requested.") + " " + TryAgain.After(retryAfter);
}

public sealed class StartMagicLinkCommandHandler(IMagicLinkApi api) : ICommandHandler<StartMagicLinkCommand, StartMagicLinkResult>
{
    public async ValueTask<StartMagicLinkResult> Handle(StartMagicLinkCommand command, CancellationToken cancellationToken)
    {
        var continueUrl = command.ContinueUrl ?? throw new InvalidOperationException("The page sets the link's address.");
        using var response = await api.StartAsync(new MagicLinkStartRequest(command.Email.Trim(), continueUrl), cancellationToken);
        return response.Problem() switch
        {
            null => new StartMagicLinkResult(MagicLinkStatus.Requested),
            { Status: 429 } problem => new StartMagicLinkResult(MagicLinkStatus.RateLimited, RetryAfter: problem.RetryAfter),
            { Status: 400 } problem => new StartMagicLinkResult(MagicLinkStatus.Rejected, Errors: EmailErrors(problem)),
            _ => throw response.Unexpected(),
        };
    }

    // Only the email is the user's to fix; a redirectUri complaint is ours and shows as a general problem.
    private static Dictionary<string, string[]> EmailErrors(LambaProblem problem) => new()
    {
        [nameof(StartMagicLinkCommand.Email)] = problem.Errors.TryGetValue("email", out var messages) && messages.Length > 0
            ? messages
            : ["Enter an email address like name@example.com."],
    };
}

public sealed class VerifyMagicLinkCommandHandler(IMagicLinkApi api, SessionEstablisher sessionEstablisher)
    : ICommandHandler<VerifyMagicLinkCommand, SignInOutcome>
{
    public async ValueTask<SignInOutcome> Handle(VerifyMagicLinkCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command.Token))
        {
            return new SignInOutcome(SignInStatus.Refused);
        }

        using var response = await api.VerifyAsync(
            new MagicLinkVerifyRequest(command.Token.Trim(), MfaCodeRules.Normalise(command.MfaCode)), cancellationToken);
        return await SignInOutcome.FromAsync(response, sessionEstablisher, cancellationToken);
    }
}
