using FluentValidation;
using LambaPages.Features.Login;
using LambaPages.Features.Register;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

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
    SignedIn,
    InvalidLink,
    Rejected,
    RateLimited,

    /// <summary>The link is right (and not spent) but the account needs its authenticator code.</summary>
    MfaRequired,

    /// <summary>The authenticator code was wrong; the link is still valid.</summary>
    InvalidMfaCode,
    Locked,
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
public sealed record VerifyMagicLinkCommand(string Token, string? MfaCode = null) : ICommand<VerifyMagicLinkResult>
{
    public override string ToString() => nameof(VerifyMagicLinkCommand);
}

public sealed class VerifyMagicLinkCommandValidator : AbstractValidator<VerifyMagicLinkCommand>
{
    public VerifyMagicLinkCommandValidator() => RuleFor(x => x.MfaCode).MfaCode().When(x => x.MfaCode is not null);
}

public sealed record VerifyMagicLinkResult(MagicLinkStatus Status, LambaTokens? Tokens = null, TimeSpan? RetryAfter = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    public override string ToString() => $"VerifyMagicLinkResult {{ Status = {Status} }}";
}

public static class MagicLinkMessages
{
    /// <summary>The same words whether or not the address has an account: no enumeration.</summary>
    public const string Sent = "If an account exists for that address, we've sent a sign-in link.";
    public const string SignedIn = "You are signed in.";
    public const string PendingExpired = "Your sign-in has timed out. Open the link in your email again, or request a new one.";

    public static string RateLimited(TimeSpan? retryAfter) => "Too many sign-in links requested. " + TryAgain.After(retryAfter);
}

public sealed class StartMagicLinkCommandHandler(IMagicLinkApi api) : ICommandHandler<StartMagicLinkCommand, StartMagicLinkResult>
{
    public async ValueTask<StartMagicLinkResult> Handle(StartMagicLinkCommand command, CancellationToken cancellationToken)
    {
        var continueUrl = command.ContinueUrl ?? throw new InvalidOperationException("The page sets the link's address.");
        try
        {
            await api.StartAsync(new MagicLinkStartRequest(command.Email.Trim(), continueUrl), cancellationToken);
            return new StartMagicLinkResult(MagicLinkStatus.Requested);
        }
        catch (ApiException ex) when (ex.ToLambaProblem() is { Status: 400 or 429 } problem)
        {
            return problem.Status == 429
                ? new StartMagicLinkResult(MagicLinkStatus.RateLimited, RetryAfter: problem.RetryAfter)
                : new StartMagicLinkResult(MagicLinkStatus.Rejected, Errors: EmailErrors(problem));
        }
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
    : ICommandHandler<VerifyMagicLinkCommand, VerifyMagicLinkResult>
{
    public async ValueTask<VerifyMagicLinkResult> Handle(VerifyMagicLinkCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command.Token))
        {
            return new VerifyMagicLinkResult(MagicLinkStatus.InvalidLink);
        }

        LambaTokens issued;
        try
        {
            issued = await api.VerifyAsync(
                new MagicLinkVerifyRequest(command.Token.Trim(), MfaCodeRules.Normalise(command.MfaCode)), cancellationToken);
        }
        catch (ApiException ex) when (ex.ToLambaProblem() is { Status: 400 or 401 or 423 or 429 } problem)
        {
            return Refused(problem);
        }

        return new VerifyMagicLinkResult(MagicLinkStatus.SignedIn, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
    }

    /// <summary>The second factor first (decisions item 1), then the link itself; 5xx is not an outcome (error page).</summary>
    private static VerifyMagicLinkResult Refused(LambaProblem problem) => SecondFactor.Of(problem) switch
    {
        SecondFactorStatus.Required => new VerifyMagicLinkResult(MagicLinkStatus.MfaRequired),
        SecondFactorStatus.InvalidCode => new VerifyMagicLinkResult(MagicLinkStatus.InvalidMfaCode),
        SecondFactorStatus.Locked => new VerifyMagicLinkResult(MagicLinkStatus.Locked, RetryAfter: problem.RetryAfter),
        _ => problem.Status == 429
            ? new VerifyMagicLinkResult(MagicLinkStatus.RateLimited, RetryAfter: problem.RetryAfter)
            : new VerifyMagicLinkResult(MagicLinkStatus.InvalidLink),
    };
}
