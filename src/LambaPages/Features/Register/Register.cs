using LambaPages.Features;
using System.Text.RegularExpressions;
using FluentValidation;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;
using System.Net;
using System.Net.Http.Json;
using LambaPages.Localization;

[assembly: FeatureFolder("/Register", FeatureFlags.Registration)]

namespace LambaPages.Features.Register;

/// <summary>
/// Create an account. Email, username and display name are trimmed before they are checked or sent; the password
/// never is (a space is a character the user chose).
/// </summary>
public sealed record RegisterCommand : ICommand<RegisterResult>
{
    public string Email { get; init; } = "";

    public string Password { get; init; } = "";

    public string? DisplayName { get; init; }

    public string? Username { get; init; }

    /// <summary>From an admin's invitation link; Lamba adds the invited membership.</summary>
    public string? InvitationToken { get; init; }

    /// <summary>What is sent to Lamba: trimmed, with empty optional fields left out.</summary>
    public RegisterRequest ToRequest() => new(
        Email.Trim(),
        Password,
        RegisterRules.Optional(DisplayName),
        RegisterRules.Optional(Username),
        RegisterRules.Optional(InvitationToken));

    public override string ToString() => nameof(RegisterCommand);
}

/// <summary>The contract's register rules (section 3), checked before Lamba is asked.</summary>
public static partial class RegisterRules
{
    public const int PasswordMin = 10;
    public const int PasswordMax = 128;
    public const int DisplayNameMax = 100;
    public const int EmailMax = 254;

    public const string PasswordHint =
        "Use 10 to 128 characters. A long passphrase of several unrelated words is stronger than a short, complicated password.";

    /// <summary>One @, something on both sides, a dot in the domain; any script (unicode addresses are real addresses).</summary>
    public static bool IsEmail(string? value) => value is { Length: > 0 and <= EmailMax } && EmailPattern().IsMatch(value);

    public static bool IsUsername(string? value) => value is not null && UsernamePattern().IsMatch(value);

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z0-9._-]{3,32}$")]
    private static partial Regex UsernamePattern();
}

public sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator()
    {
        // Checked as they will be sent: trimmed (the password, below, never is).
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter your email address.")
            .Must(e => e.Trim().Length <= RegisterRules.EmailMax).WithMessage($"An email address has at most {RegisterRules.EmailMax} characters.")
            .Must(e => RegisterRules.IsEmail(e.Trim())).WithMessage("Enter an email address like name@example.com.");

        // Not NotEmpty(): that would call a password of spaces empty, and spaces count here.
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop)
            .Must(p => !string.IsNullOrEmpty(p)).WithMessage("Choose a password.")
            .Must(p => p.Length >= RegisterRules.PasswordMin).WithMessage($"Use at least {RegisterRules.PasswordMin} characters.")
            .Must(p => p.Length <= RegisterRules.PasswordMax).WithMessage($"Use at most {RegisterRules.PasswordMax} characters.");

        RuleFor(x => x.DisplayName)
            .Must(d => (d?.Trim().Length ?? 0) <= RegisterRules.DisplayNameMax).WithMessage($"Use at most {RegisterRules.DisplayNameMax} characters.");

        RuleFor(x => x.Username)
            .Must(u => RegisterRules.Optional(u) is not { } username || RegisterRules.IsUsername(username))
            .WithMessage("Use 3 to 32 characters: lowercase letters, digits, dots, underscores or hyphens.");
    }
}

public enum RegisterStatus
{
    Registered,

    /// <summary>Lamba emailed the address (a sign-up link, or a note that it already has an account); which is unknown here.</summary>
    CheckEmail,
    Rejected,
    Disabled,
    RateLimited,
}

/// <summary>How a sign-up ended; <see cref="Errors"/> are keyed by the command's property names.</summary>
public sealed record RegisterResult(
    RegisterStatus Status,
    LambaTokens? Tokens = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    public override string ToString() => $"RegisterResult {{ Status = {Status} }}";
}

public static class RegisterMessages
{
    public const string EmailTaken = "An account with this email already exists. Sign in to accept the invitation.";
    public const string CheckEmail = "Check your email to finish. We sent a message to the address you gave; follow it to finish creating your account.";
    public const string LinkInvalid = "This sign-up link cannot be used: it has expired, has already been used, or is incomplete. Register again to get a new one.";
    public const string UsernameTaken = "This username is taken. Choose another one.";
    public const string InvitationInvalid = "This invitation is not valid for this email address, or it has expired. Ask for a new invitation.";

    public const string Finished = "Welcome! Your account is ready.";

    public static string Welcome(string name) => Text.Format("Welcome, {0}! Your account is ready.", name);

    public static string RateLimited(TimeSpan? retryAfter) => "Too many sign-up attempts. " + TryAgain.After(retryAfter);
}

public sealed class RegisterCommandHandler(IRegisterApi api, SessionEstablisher sessionEstablisher)
    : ICommandHandler<RegisterCommand, RegisterResult>
{
    /// <summary>Only used to read a refusal's problem details, as every other Refit call does.</summary>
    private static readonly RefitSettings ProblemSettings = new();

    public async ValueTask<RegisterResult> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        LambaTokens issued;
        try
        {
            using var response = await api.RegisterAsync(command.ToRequest(), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                // New or taken address alike: Lamba mailed it; the user finishes from the link.
                return new RegisterResult(RegisterStatus.CheckEmail);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ApiException.Create(response.RequestMessage!, HttpMethod.Post, response, ProblemSettings);
            }

            issued = await response.Content.ReadFromJsonAsync<LambaTokens>(cancellationToken)
                ?? throw new InvalidOperationException("Lamba answered register without a token pair.");
        }
        catch (ApiException ex) when (Outcome(ex.ToLambaProblem()) is { } refused)
        {
            return refused;
        }

        // An invitation proved the address: signs in exactly as login does, into the configured context when there is one.
        return new RegisterResult(RegisterStatus.Registered, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
    }

    /// <summary>Status first, errorCode second; a 5xx is not a sign-up outcome and reaches the error page.</summary>
    private static RegisterResult? Outcome(LambaProblem problem) => problem.Status switch
    {
        400 => Rejected(FieldErrors(problem.Errors)),
        403 when problem.ErrorCode is "REGISTRATION_DISABLED" => new RegisterResult(RegisterStatus.Disabled),
        409 when problem.ErrorCode is "USERNAME_TAKEN" => Rejected(new() { [nameof(RegisterCommand.Username)] = [RegisterMessages.UsernameTaken] }),
        409 => Rejected(new() { [nameof(RegisterCommand.Email)] = [RegisterMessages.EmailTaken] }),
        429 => new RegisterResult(RegisterStatus.RateLimited, RetryAfter: problem.RetryAfter),
        _ => null,
    };

    private static RegisterResult Rejected(Dictionary<string, string[]> errors) => new(RegisterStatus.Rejected, Errors: errors);

    /// <summary>Lamba's camelCase field names onto the form's; an invitation problem has no field and goes to the summary.</summary>
    private static Dictionary<string, string[]> FieldErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        var mapped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            var key = field.ToUpperInvariant() switch
            {
                "EMAIL" => nameof(RegisterCommand.Email),
                "PASSWORD" => nameof(RegisterCommand.Password),
                "DISPLAYNAME" => nameof(RegisterCommand.DisplayName),
                "USERNAME" => nameof(RegisterCommand.Username),
                _ => "",
            };
            var text = field.Equals("invitationToken", StringComparison.OrdinalIgnoreCase) ? [RegisterMessages.InvitationInvalid] : messages;
            mapped[key] = mapped.TryGetValue(key, out var existing) ? [.. existing, .. text] : text;
        }

        if (mapped.Count == 0)
        {
            mapped[""] = ["Lamba could not accept these details. Check them and try again."];
        }

        return mapped;
    }
}

/// <summary>Finish a sign-up from the emailed link's token (the POST behind the verify page's button).</summary>
public sealed record VerifyRegistrationCommand(string Token) : ICommand<RegisterResult>
{
    public override string ToString() => nameof(VerifyRegistrationCommand);
}

public sealed class VerifyRegistrationCommandHandler(IRegisterApi api, SessionEstablisher sessionEstablisher)
    : ICommandHandler<VerifyRegistrationCommand, RegisterResult>
{
    public async ValueTask<RegisterResult> Handle(VerifyRegistrationCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command.Token))
        {
            return new RegisterResult(RegisterStatus.Rejected);
        }

        try
        {
            var issued = await api.VerifyAsync(new RegisterVerifyRequest(command.Token.Trim()), cancellationToken);
            return new RegisterResult(RegisterStatus.Registered, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
        }
        catch (ApiException ex) when (ex.ToLambaProblem() is { Status: 400 or 401 or 404 or 409 })
        {
            return new RegisterResult(RegisterStatus.Rejected);
        }
        catch (ApiException ex) when (ex.ToLambaProblem() is { Status: 429 } problem)
        {
            return new RegisterResult(RegisterStatus.RateLimited, RetryAfter: problem.RetryAfter);
        }
    }
}
