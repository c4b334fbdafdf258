using System.Net;
using FluentValidation;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Mediator;
using Refit;
using LambaPages.Localization;

namespace LambaPages.Features.Me.Email;

/// <summary>Step one: the new address and the current password (step-up); Lamba sends a code to the new address.</summary>
public sealed record StartEmailChangeCommand : ICommand<EmailChangeResult>
{
    public string NewEmail { get; init; } = "";

    public string Password { get; init; } = "";

    public override string ToString() => nameof(StartEmailChangeCommand);
}

/// <summary>Step two: the code that reached the new address.</summary>
public sealed record VerifyEmailChangeCommand : ICommand<EmailChangeResult>
{
    public string Code { get; init; } = "";

    public override string ToString() => nameof(VerifyEmailChangeCommand);
}

public sealed class StartEmailChangeCommandValidator : AbstractValidator<StartEmailChangeCommand>
{
    public StartEmailChangeCommandValidator()
    {
        RuleFor(x => x.NewEmail).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter your new email address.")
            .MaximumLength(320).WithMessage("An email address has at most 320 characters.")
            .EmailAddress().WithMessage("Enter an email address like name@example.com.");
        RuleFor(x => x.Password).NotEmpty().WithMessage("Enter your current password.");
    }
}

public sealed class VerifyEmailChangeCommandValidator : AbstractValidator<VerifyEmailChangeCommand>
{
    public VerifyEmailChangeCommandValidator() =>
        RuleFor(x => x.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the verification code we sent to your new email address.")
            .Matches("^[A-Za-z0-9 -]{4,32}$").WithMessage("Enter the verification code exactly as it appears in the email.");
}

public enum EmailChangeStatus
{
    /// <summary>Start: the code is on its way. Verify: the new email is in place.</summary>
    Done,
    WrongPassword,
    EmailTaken,
    InvalidCode,
    RateLimited,
    Rejected,
}

public sealed record EmailChangeResult(
    EmailChangeStatus Status, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null) : IHasOutcome
{
    public string Outcome => Status.ToString();
}

public static class EmailMessages
{
    public const string WrongPassword = "Your current password is not correct.";
    public const string EmailTaken = "Another account already uses that email address.";
    public const string InvalidCode = "That code is not valid or has expired. Check the email or start again.";
    public const string Changed = "Email address changed.";

    public static string TooManyAttempts(TimeSpan? retryAfter) => "Too many password checks. " + TryAgain.After(retryAfter);

    public static string CodeSent(string email) => Text.Format("We sent a verification code to {0}.", email);
}

public sealed class StartEmailChangeCommandHandler(IEmailApi api) : ICommandHandler<StartEmailChangeCommand, EmailChangeResult>
{
    public async ValueTask<EmailChangeResult> Handle(StartEmailChangeCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await api.StartEmailChangeAsync(new StartEmailChangeRequest(command.NewEmail.Trim(), command.Password), cancellationToken);
            return new EmailChangeResult(EmailChangeStatus.Done);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Conflict or HttpStatusCode.BadRequest
                                          or HttpStatusCode.TooManyRequests)
        {
            var problem = ex.ToLambaProblem();
            return problem.Status switch
            {
                401 => new EmailChangeResult(EmailChangeStatus.WrongPassword),
                409 => new EmailChangeResult(EmailChangeStatus.EmailTaken),
                429 => new EmailChangeResult(EmailChangeStatus.RateLimited, RetryAfter: problem.RetryAfter),
                _ => new EmailChangeResult(EmailChangeStatus.Rejected, problem.Errors),
            };
        }
    }
}

public sealed class VerifyEmailChangeCommandHandler(IEmailApi api, CurrentContext currentContext) : ICommandHandler<VerifyEmailChangeCommand, EmailChangeResult>
{
    public async ValueTask<EmailChangeResult> Handle(VerifyEmailChangeCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await api.VerifyEmailChangeAsync(new VerifyEmailChangeRequest(command.Code.Trim()), cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound
                                          or HttpStatusCode.Gone or HttpStatusCode.UnprocessableEntity)
        {
            // Any refusal of the code reads the same to the user: wrong, used or expired.
            return new EmailChangeResult(EmailChangeStatus.InvalidCode);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return new EmailChangeResult(EmailChangeStatus.EmailTaken);
        }

        // The layout and /Me show the email: nothing in this request may keep the old one.
        currentContext.Invalidate();
        return new EmailChangeResult(EmailChangeStatus.Done);
    }
}
