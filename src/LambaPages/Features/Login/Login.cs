using FluentValidation;
using LambaPages.Features.Shared;
using LambaPages.Features.Shared.SignIn;
using Lamba.AspNetCore.Session;
using Mediator;
using LambaPages.Localization;

namespace LambaPages.Features.Login;

/// <summary>Sign in with a login (email or username) and password; <see cref="MfaCode"/> on the second step.</summary>
public sealed record LoginCommand : ICommand<SignInOutcome>
{
    public string Login { get; init; } = "";

    public string Password { get; init; } = "";

    public string? MfaCode { get; init; }

    /// <summary>From an admin's invitation link (/Register?invitationToken=...), carried through sign-in.</summary>
    public string? InvitationToken { get; init; }

    // Never print the password, the code or the invitation token, whoever calls ToString.
    public override string ToString() => nameof(LoginCommand);
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

/// <summary>The words the login pages use; tests and the e2e tier rely on them.</summary>
public static class LoginMessages
{
    /// <summary>One message for an unknown login and a wrong password alike: no account enumeration.</summary>
    public const string WrongCredentials = "The email, username or password is incorrect.";
    public const string PendingExpired = "Your sign-in has timed out. Enter your email or username and password again.";

    public static string RateLimited(TimeSpan? retryAfter) => Text.Get("Too many sign-in attempts.") + " " + TryAgain.After(retryAfter);
}

public sealed class LoginCommandHandler(ILoginApi api, SessionEstablisher sessionEstablisher) : ICommandHandler<LoginCommand, SignInOutcome>
{
    public async ValueTask<SignInOutcome> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var request = new PasswordLoginRequest(
            command.Login, command.Password, MfaCodeRules.Normalise(command.MfaCode), NullIfBlank(command.InvitationToken));
        using var response = await api.LoginWithPasswordAsync(request, cancellationToken);
        return await SignInOutcome.FromAsync(response, sessionEstablisher, cancellationToken);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
