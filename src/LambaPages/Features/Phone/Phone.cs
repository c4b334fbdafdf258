using System.Text.RegularExpressions;
using FluentValidation;
using LambaPages.Features.Login;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using LambaPages.Pipeline;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

namespace LambaPages.Features.Phone;

/// <summary>Ask Lamba to text a 6-digit sign-in code to <see cref="Phone"/> (E.164; spaces and dashes are tolerated).</summary>
public sealed record StartPhoneSignInCommand : ICommand<PhoneResult>
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
public sealed record VerifyPhoneCodeCommand(string Phone, string Code, string? MfaCode = null) : ICommand<PhoneResult>
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
    public static string Masked(string phone) => phone.Length <= 4 ? phone : "ending in " + phone[^4..];

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
    SignedIn,
    InvalidCode,
    Rejected,
    RateLimited,

    /// <summary>The phone code is right (and not spent) but the account needs its authenticator code.</summary>
    MfaRequired,

    /// <summary>The authenticator code was wrong; the phone code is still valid.</summary>
    InvalidMfaCode,
    Locked,
}

public sealed record PhoneResult(
    PhoneStatus Status,
    LambaTokens? Tokens = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    public override string ToString() => $"PhoneResult {{ Status = {Status} }}";
}

public static class PhoneMessages
{
    /// <summary>The same words whether or not the number has an account: no enumeration.</summary>
    public const string CodeSent = "If that number can be used to sign in, we've sent a 6-digit code to it.";
    public const string InvalidCode = "That code is not valid or has expired. Check it, or send a new code.";
    public const string PendingExpired = "Your sign-in has timed out. Enter your phone number again.";
    public const string SignedIn = "You are signed in.";

    public static string CoolingDown(int seconds) => seconds == 1
        ? "You can request a new code in 1 second."
        : $"You can request a new code in {seconds} seconds.";

    public static string RateLimited(TimeSpan? retryAfter) => "Too many code requests. " + TryAgain.After(retryAfter);
}

public sealed class StartPhoneSignInCommandHandler(IPhoneApi api) : ICommandHandler<StartPhoneSignInCommand, PhoneResult>
{
    public async ValueTask<PhoneResult> Handle(StartPhoneSignInCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await api.StartAsync(new PhoneStartRequest(PhoneRules.Normalise(command.Phone)), cancellationToken);
            return new PhoneResult(PhoneStatus.CodeRequested);
        }
        catch (ApiException ex) when (PhoneOutcomes.Refused(ex.ToLambaProblem()) is { } refused)
        {
            return refused;
        }
    }
}

public sealed class VerifyPhoneCodeCommandHandler(IPhoneApi api, SessionEstablisher sessionEstablisher)
    : ICommandHandler<VerifyPhoneCodeCommand, PhoneResult>
{
    public async ValueTask<PhoneResult> Handle(VerifyPhoneCodeCommand command, CancellationToken cancellationToken)
    {
        LambaTokens issued;
        try
        {
            issued = await api.VerifyAsync(
                new PhoneVerifyRequest(
                    PhoneRules.Normalise(command.Phone), PhoneRules.NormaliseCode(command.Code), MfaCodeRules.Normalise(command.MfaCode)),
                cancellationToken);
        }
        catch (ApiException ex) when (PhoneOutcomes.Refused(ex.ToLambaProblem()) is { } refused)
        {
            return refused;
        }

        return new PhoneResult(PhoneStatus.SignedIn, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
    }
}

internal static class PhoneOutcomes
{
    /// <summary>The second factor first (decisions item 1), then status and errorCode; anything else (5xx) reaches the error page.</summary>
    public static PhoneResult? Refused(LambaProblem problem) => SecondFactor.Of(problem) switch
    {
        SecondFactorStatus.Required => new PhoneResult(PhoneStatus.MfaRequired),
        SecondFactorStatus.InvalidCode => new PhoneResult(PhoneStatus.InvalidMfaCode),
        SecondFactorStatus.Locked => new PhoneResult(PhoneStatus.Locked, RetryAfter: problem.RetryAfter),
        _ => problem.Status switch
        {
            401 => new PhoneResult(PhoneStatus.InvalidCode),
            429 => new PhoneResult(PhoneStatus.RateLimited, RetryAfter: problem.RetryAfter),
            400 => new PhoneResult(PhoneStatus.Rejected, Errors: FieldErrors(problem.Errors)),
            _ => null,
        },
    };

    private static Dictionary<string, string[]> FieldErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        var mapped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (errors.ContainsKey("phone"))
        {
            mapped[nameof(StartPhoneSignInCommand.Phone)] = [PhoneRules.FormatMessage];
        }

        if (errors.ContainsKey("code"))
        {
            mapped[nameof(PhoneCodeInput.Code)] = [PhoneRules.CodeMessage];
        }

        if (mapped.Count == 0)
        {
            mapped[""] = ["Lamba could not accept this number. Check it and try again."];
        }

        return mapped;
    }
}
