using LambaPages.Features;
using System.Text.RegularExpressions;
using FluentValidation;
using LambaPages.Features.Shared;
using LambaPages.Features.Shared.SignIn;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using LambaPages.Localization;

[assembly: FeatureFolder("/Phone", FeatureFlags.PhoneCode)]

namespace LambaPages.Features.Phone;

/// <summary>Ask Lamba to text a 6-digit sign-in code to <see cref="Phone"/> (E.164; spaces and dashes are tolerated).</summary>
public sealed record StartPhoneSignInCommand : ICommand<StartPhoneSignInResult>
{
    public string Phone { get; init; } = "";

    // A phone number is personal data: not in logs, whoever calls ToString.
    public override string ToString() => nameof(StartPhoneSignInCommand);
}

/// <summary>The code step's form: only the code; the number waits server-side (<see cref="PendingPhone"/>).</summary>
public sealed record PhoneCodeInput
{
    public string? Code { get; init; }

    public override string ToString() => nameof(PhoneCodeInput);
}

/// <summary>
/// Spend a code for the pending number and sign in (or, when sign-up is open, create the account);
/// <see cref="MfaCode"/> on the second try, when Lamba answered that the account needs its authenticator code.
/// </summary>
public sealed record VerifyPhoneCodeCommand(string Phone, string Code, string? MfaCode = null) : ICommand<SignInOutcome>
{
    public override string ToString() => nameof(VerifyPhoneCodeCommand);
}

public static partial class PhoneRules
{
    public const string FormatMessage = "Enter the number in international format, e.g. +14155550123";
    public const string CodeMessage = "Enter the 6-digit code we sent.";

    /// <summary>Removes what people type between digits (spaces, dashes, dots, brackets); keeps the leading +.</summary>
    public static string Normalise(string? phone) => Separators().Replace(phone ?? "", "");

    public static bool IsE164(string? phone) => phone is not null && E164().IsMatch(phone);

    public static string NormaliseCode(string? code) => Separators().Replace(code ?? "", "");

    public static bool IsCode(string? code) => code is not null && SixDigits().IsMatch(code);

    /// <summary>The last four digits only: the page does not repeat the whole number (and so reads alike for every number).</summary>
    public static string Masked(string phone) => phone.Length <= 4 ? phone : Text.Format("ending in {0}", phone[^4..]);

    /// <summary>Lamba's field complaints in this page's words: only the number and the code are the user's to fix.</summary>
    public static Dictionary<string, string[]> FieldErrors(IReadOnlyDictionary<string, string[]>? errors)
    {
        var mapped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (errors?.ContainsKey("phone") == true)
        {
            mapped[nameof(StartPhoneSignInCommand.Phone)] = [FormatMessage];
        }

        if (errors?.ContainsKey("code") == true)
        {
            mapped[nameof(PhoneCodeInput.Code)] = [CodeMessage];
        }

        if (mapped.Count == 0)
        {
            mapped[""] = ["Lamba could not accept this number. Check it and try again."];
        }

        return mapped;
    }

    [GeneratedRegex(@"[\s\-.()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();
}

public sealed class StartPhoneSignInCommandValidator : AbstractValidator<StartPhoneSignInCommand>
{
    public StartPhoneSignInCommandValidator() =>
        RuleFor(x => x.Phone).Cascade(CascadeMode.Stop)
            .Must(p => PhoneRules.Normalise(p).Length > 0).WithMessage("Enter your phone number.")
            .Must(p => PhoneRules.IsE164(PhoneRules.Normalise(p))).WithMessage(PhoneRules.FormatMessage);
}

public sealed class PhoneCodeInputValidator : AbstractValidator<PhoneCodeInput>
{
    public PhoneCodeInputValidator() =>
        RuleFor(x => x.Code).Must(c => PhoneRules.IsCode(PhoneRules.NormaliseCode(c))).WithMessage(PhoneRules.CodeMessage);
}

public sealed class VerifyPhoneCodeCommandValidator : AbstractValidator<VerifyPhoneCodeCommand>
{
    public VerifyPhoneCodeCommandValidator()
    {
        RuleFor(x => x.Phone).Must(p => PhoneRules.IsE164(PhoneRules.Normalise(p))).WithMessage(PhoneRules.FormatMessage);
        RuleFor(x => x.Code).Must(c => PhoneRules.IsCode(PhoneRules.NormaliseCode(c))).WithMessage(PhoneRules.CodeMessage);
        RuleFor(x => x.MfaCode).MfaCode().When(x => x.MfaCode is not null);
    }
}

public enum PhoneStatus
{
    /// <summary>Lamba accepted the request; whether a code went out is deliberately unknown here.</summary>
    CodeRequested,
    Rejected,
    RateLimited,
}

public sealed record StartPhoneSignInResult(PhoneStatus Status, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
    : IHasOutcome
{
    public string Outcome => Status.ToString();
}

public static class PhoneMessages
{
    /// <summary>The same words whether or not the number has an account: no enumeration.</summary>
    public const string CodeSent = "If that number can be used to sign in, we've sent a 6-digit code to it.";
    public const string InvalidCode = "That code is not valid or has expired. Check it, or send a new code.";
    public const string PendingExpired = "Your sign-in has timed out. Enter your phone number again.";
    public const string SignedIn = "You are signed in.";

    public static string CoolingDown(int seconds) => Plural.Format("You can request a new code in {0} seconds.", seconds);

    public static string RateLimited(TimeSpan? retryAfter) => Text.Get("Too many code requests.") + " " + TryAgain.After(retryAfter);
}

public sealed class StartPhoneSignInCommandHandler(IPhoneApi api) : ICommandHandler<StartPhoneSignInCommand, StartPhoneSignInResult>
{
    public async ValueTask<StartPhoneSignInResult> Handle(StartPhoneSignInCommand command, CancellationToken cancellationToken)
    {
        using var response = await api.StartAsync(new PhoneStartRequest(PhoneRules.Normalise(command.Phone)), cancellationToken);
        return response.Problem() switch
        {
            null => new StartPhoneSignInResult(PhoneStatus.CodeRequested),
            { Status: 429 } problem => new StartPhoneSignInResult(PhoneStatus.RateLimited, RetryAfter: problem.RetryAfter),
            { Status: 400 } problem => new StartPhoneSignInResult(PhoneStatus.Rejected, PhoneRules.FieldErrors(problem.Errors)),
            _ => throw response.Unexpected(),
        };
    }
}

public sealed class VerifyPhoneCodeCommandHandler(IPhoneApi api, SessionEstablisher sessionEstablisher)
    : ICommandHandler<VerifyPhoneCodeCommand, SignInOutcome>
{
    public async ValueTask<SignInOutcome> Handle(VerifyPhoneCodeCommand command, CancellationToken cancellationToken)
    {
        using var response = await api.VerifyAsync(
            new PhoneVerifyRequest(
                PhoneRules.Normalise(command.Phone), PhoneRules.NormaliseCode(command.Code), MfaCodeRules.Normalise(command.MfaCode)),
            cancellationToken);
        var outcome = await SignInOutcome.FromAsync(response, sessionEstablisher, cancellationToken);
        return outcome.Status == SignInStatus.Invalid ? outcome with { Errors = PhoneRules.FieldErrors(outcome.Errors) } : outcome;
    }
}
