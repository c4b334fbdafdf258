using System.Text.RegularExpressions;
using FluentValidation;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

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
    public const string EmailTaken = "An account with this email already exists. Sign in instead, or use another address.";
    public const string UsernameTaken = "This username is taken. Choose another one.";
    public const string InvitationInvalid = "This invitation is not valid for this email address, or it has expired. Ask for a new invitation.";

    public static string Welcome(string name) => $"Welcome, {name}! Your account is ready.";

    public static string RateLimited(TimeSpan? retryAfter) => "Too many sign-up attempts. " + TryAgain.After(retryAfter);
}

public sealed class RegisterCommandHandler(IRegisterApi api, SessionEstablisher sessionEstablisher) : ICommandHandler<RegisterCommand, RegisterResult>
{
    public async ValueTask<RegisterResult> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        LambaTokens issued;
        try
        {
            issued = await api.RegisterAsync(command.ToRequest(), cancellationToken);
        }
        catch (ApiException ex) when (Outcome(ex.ToLambaProblem()) is { } refused)
        {
            return refused;
        }

        // Signs in exactly as login does: into the configured context when there is one.
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
