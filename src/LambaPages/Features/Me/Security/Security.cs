using System.Globalization;
using System.Net;
using FluentValidation;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Mediator;
using Refit;
using LambaPages.Localization;

namespace LambaPages.Features.Me.Security;

/// <summary>Password and second-factor state of the signed-in user.</summary>
public sealed record SecurityQuery : IQuery<SecuritySummary>;

public sealed class SecurityQueryHandler(ISecurityApi api) : IQueryHandler<SecurityQuery, SecuritySummary>
{
    public async ValueTask<SecuritySummary> Handle(SecurityQuery query, CancellationToken cancellationToken) =>
        await api.GetSecurityAsync(cancellationToken);
}

/// <summary>Change the password; the current one is the step-up proof.</summary>
public sealed record ChangePasswordCommand : ICommand<ChangePasswordResult>
{
    public string CurrentPassword { get; init; } = "";

    public string NewPassword { get; init; } = "";

    public string ConfirmNewPassword { get; init; } = "";

    public override string ToString() => nameof(ChangePasswordCommand);
}

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(x => x.NewPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a new password.")
            .Length(10, 128).WithMessage("A password has 10 to 128 characters.")
            .NotEqual(x => x.CurrentPassword).WithMessage("Choose a new password that is different from the current one.");
        RuleFor(x => x.ConfirmNewPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the new password again.")
            .Equal(x => x.NewPassword).WithMessage("The two new passwords do not match.");
    }
}

public enum ChangePasswordStatus
{
    Changed,
    WrongPassword,
    RateLimited,
    Rejected,
}

/// <summary><see cref="OtherSessionsEnded"/> is null when Lamba did not say (the header is ours, not documented).</summary>
public sealed record ChangePasswordResult(
    ChangePasswordStatus Status,
    int? OtherSessionsEnded = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null) : IHasOutcome
{
    public string Outcome => Status.ToString();
}

public static class SecurityMessages
{
    public const string SessionsEndedHeader = "X-Lamba-Sessions-Ended";
    public const string WrongPassword = "Your current password is not correct.";

    public static string TooManyAttempts(TimeSpan? retryAfter) => Text.Get("Too many password checks.") + " " + Shared.TryAgain.After(retryAfter);

    /// <summary>After a password change or turning MFA off: Lamba ends every other session and says how many.</summary>
    public static string OtherSessions(int? ended) => ended switch
    {
        null => Text.Get("Your other sessions were signed out."),
        0 => Text.Get("No other sessions were signed out."),
        { } n => Plural.Format("{0} other sessions were signed out.", n),
    };

    public static string PasswordChanged(int? otherSessionsEnded) => Text.Get("Password changed.") + " " + OtherSessions(otherSessionsEnded);

    public static int? SessionsEnded(IApiResponse response) =>
        response.Headers?.TryGetValues(SessionsEndedHeader, out var values) == true
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}

public sealed class ChangePasswordCommandHandler(ISecurityApi api) : ICommandHandler<ChangePasswordCommand, ChangePasswordResult>
{
    public async ValueTask<ChangePasswordResult> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        using var response = await api.ChangePasswordAsync(new ChangePasswordRequest(command.CurrentPassword, command.NewPassword), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new ChangePasswordResult(ChangePasswordStatus.Changed, SecurityMessages.SessionsEnded(response));
        }

        if (response.Error is not ApiException error)
        {
            // A transport failure (no answer at all) goes to the error page like any other.
            throw (Exception?)response.Error ?? new InvalidOperationException("Lamba refused a password change without saying why.");
        }

        return error.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new ChangePasswordResult(ChangePasswordStatus.WrongPassword),
            HttpStatusCode.BadRequest => new ChangePasswordResult(ChangePasswordStatus.Rejected, Errors: error.ToLambaProblem().Errors),
            HttpStatusCode.TooManyRequests => new ChangePasswordResult(ChangePasswordStatus.RateLimited, RetryAfter: error.ToLambaProblem().RetryAfter),
            _ => throw error,
        };
    }
}
