using FluentValidation;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

namespace LambaPages.Features.Login;

/// <summary>Sign in with a login (email or username) and password; <see cref="MfaCode"/> on the second step.</summary>
public sealed record LoginCommand : ICommand<LoginResult>
{
    public string Login { get; init; } = "";

    public string Password { get; init; } = "";

    public string? MfaCode { get; init; }

    /// <summary>From an admin's invitation link (/Register?invitationToken=...), carried through sign-in.</summary>
    public string? InvitationToken { get; init; }

    // Never print the password, the code or the invitation token, whoever calls ToString.
    public override string ToString() => nameof(LoginCommand);
}

/// <summary>The second step's form: only the code; the login and password wait server-side (<see cref="PendingLogin"/>).</summary>
public sealed record MfaCodeInput
{
    public string? MfaCode { get; init; }

    public override string ToString() => nameof(MfaCodeInput);
}

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(x => x.Login).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter your email or username.")
            .MaximumLength(320).WithMessage("An email or username has at most 320 characters.");
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(1024).WithMessage("A password has at most 1024 characters.");
        RuleFor(x => x.MfaCode).MfaCode().When(x => x.MfaCode is not null);
    }
}

public sealed class MfaCodeInputValidator : AbstractValidator<MfaCodeInput>
{
    public MfaCodeInputValidator() => RuleFor(x => x.MfaCode).MfaCode();
}

internal static class MfaCodeRules
{
    /// <summary>A 6-digit authenticator code or a recovery code; spaces are tolerated and removed before sending.</summary>
    public static IRuleBuilderOptions<T, string?> MfaCode<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the code from your authenticator app.")
            .Matches("^[A-Za-z0-9 -]{6,40}$").WithMessage("Enter the 6-digit code from your authenticator app, or a recovery code.");

    public static string? Normalise(string? code) => code?.Replace(" ", "", StringComparison.Ordinal);
}

public enum LoginStatus
{
    SignedIn,
    MfaRequired,
    InvalidCredentials,
    InvalidCode,
    Locked,
    RateLimited,
    Rejected,
}

/// <summary>How a sign-in attempt ended; only <see cref="LoginStatus.SignedIn"/> carries tokens.</summary>
public sealed record LoginResult(
    LoginStatus Status,
    LambaTokens? Tokens = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyDictionary<string, string[]>? Errors = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    public override string ToString() => $"LoginResult {{ Status = {Status} }}";
}

/// <summary>The words the login page uses; tests and the e2e tier rely on them.</summary>
public static class LoginMessages
{
    /// <summary>One message for an unknown login and a wrong password alike: no account enumeration.</summary>
    public const string WrongCredentials = "The email, username or password is incorrect.";
    public const string WrongCode = "That code is not valid. Try a new one.";
    public const string PendingExpired = "Your sign-in has timed out. Enter your email or username and password again.";

    public static string Locked(TimeSpan? retryAfter) =>
        "Too many failed sign-in attempts from here. " + TryAgain.After(retryAfter);

    public static string RateLimited(TimeSpan? retryAfter) => "Too many sign-in attempts. " + TryAgain.After(retryAfter);
}

public sealed class LoginCommandHandler(ILoginApi api, SessionEstablisher sessionEstablisher) : ICommandHandler<LoginCommand, LoginResult>
{
    public async ValueTask<LoginResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        LambaTokens issued;
        try
        {
            issued = await api.LoginWithPasswordAsync(
                new PasswordLoginRequest(
                    command.Login, command.Password, MfaCodeRules.Normalise(command.MfaCode), NullIfBlank(command.InvitationToken)),
                cancellationToken);
        }
        catch (ApiException ex) when (Outcome(ex.ToLambaProblem()) is { } refused)
        {
            return refused;
        }

        return new LoginResult(LoginStatus.SignedIn, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Status first, errorCode second (contract section 7); anything else (5xx) is not a login outcome.</summary>
    private static LoginResult? Outcome(LambaProblem problem) => SecondFactor.Of(problem) switch
    {
        SecondFactorStatus.Required => new LoginResult(LoginStatus.MfaRequired),
        SecondFactorStatus.InvalidCode => new LoginResult(LoginStatus.InvalidCode),
        SecondFactorStatus.Locked => new LoginResult(LoginStatus.Locked, RetryAfter: problem.RetryAfter),
        _ => problem.Status switch
        {
            401 => new LoginResult(LoginStatus.InvalidCredentials),
            429 => new LoginResult(LoginStatus.RateLimited, RetryAfter: problem.RetryAfter),
            400 => new LoginResult(LoginStatus.Rejected, Errors: problem.Errors),
            _ => null,
        },
    };
}
