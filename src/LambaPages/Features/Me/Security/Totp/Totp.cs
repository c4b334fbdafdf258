using LambaPages.Features;
using System.Net;
using FluentValidation;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Pipeline;
using Mediator;
using Refit;

[assembly: FeatureFolder("/Me/Security/Totp", FeatureFlags.Mfa)]

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>Start enrolling an authenticator app: Lamba hands out a pending secret (null: MFA is already on).</summary>
public sealed record StartTotpEnrolmentCommand : ICommand<TotpEnrolment?>;

public sealed class StartTotpEnrolmentCommandHandler(ITotpApi api) : ICommandHandler<StartTotpEnrolmentCommand, TotpEnrolment?>
{
    public async ValueTask<TotpEnrolment?> Handle(StartTotpEnrolmentCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await api.StartEnrolmentAsync(cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }
}

/// <summary>Confirm the enrolment with a first code from the app; MFA is on afterwards.</summary>
public sealed record ConfirmTotpCommand : ICommand<TotpResult>
{
    public string Code { get; init; } = "";

    public override string ToString() => nameof(ConfirmTotpCommand);
}

public sealed class ConfirmTotpCommandValidator : AbstractValidator<ConfirmTotpCommand>
{
    public ConfirmTotpCommandValidator() =>
        RuleFor(x => x.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the 6-digit code from your authenticator app.")
            .Must(code => TotpCodes.Normalise(code).Length == 6 && TotpCodes.Normalise(code).All(char.IsAsciiDigit))
            .WithMessage("Enter the 6-digit code from your authenticator app.");
}

/// <summary>Turn MFA off; a current authenticator code or an unused recovery code is the step-up proof.</summary>
public sealed record DisableTotpCommand : ICommand<TotpResult>
{
    public string? Code { get; init; }

    public override string ToString() => nameof(DisableTotpCommand);
}

public sealed class DisableTotpCommandValidator : AbstractValidator<DisableTotpCommand>
{
    // The same shapes the login's second step accepts: one rule for "an authenticator or recovery code".
    public DisableTotpCommandValidator() => RuleFor(x => x.Code).MfaCode();
}

public enum TotpStatus
{
    Done,
    InvalidCode,
}

/// <summary><see cref="RecoveryCodes"/> only after a confirmed enrolment; <see cref="OtherSessionsEnded"/> after a disable, when Lamba says.</summary>
public sealed record TotpResult(TotpStatus Status, IReadOnlyList<string>? RecoveryCodes = null, int? OtherSessionsEnded = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    // Recovery codes are secrets: never printed.
    public override string ToString() => $"TotpResult {{ Status = {Status} }}";
}

public static class TotpMessages
{
    public const string InvalidCode = "That code is not valid. Try a new one.";
    public const string Enabled = "Two-step verification is on. Keep your recovery codes somewhere safe.";
    public const string AlreadyOn = "Two-step verification is already on.";

    public static string Disabled(int? otherSessionsEnded) => "Two-step verification is off. " + SecurityMessages.OtherSessions(otherSessionsEnded);
    public const string SetupExpired = "The setup timed out. Start again to get a new QR code.";
}

internal static class TotpCodes
{
    public static string Normalise(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>Lamba refused the code itself (not the session): wrong, already used, or no pending enrolment.</summary>
    public static bool RefusesTheCode(ApiException ex) =>
        ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.UnprocessableEntity
            or HttpStatusCode.Conflict or HttpStatusCode.NotFound;
}

public sealed class ConfirmTotpCommandHandler(ITotpApi api) : ICommandHandler<ConfirmTotpCommand, TotpResult>
{
    public async ValueTask<TotpResult> Handle(ConfirmTotpCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await api.ConfirmEnrolmentAsync(new TotpCodeRequest(TotpCodes.Normalise(command.Code)), cancellationToken);
            return new TotpResult(TotpStatus.Done, answer.Codes ?? []);
        }
        catch (ApiException ex) when (TotpCodes.RefusesTheCode(ex))
        {
            return new TotpResult(TotpStatus.InvalidCode);
        }
    }
}

public sealed class DisableTotpCommandHandler(ITotpApi api) : ICommandHandler<DisableTotpCommand, TotpResult>
{
    public async ValueTask<TotpResult> Handle(DisableTotpCommand command, CancellationToken cancellationToken)
    {
        using var response = await api.DisableAsync(new TotpCodeRequest(MfaCodeRules.Normalise(command.Code)!), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new TotpResult(TotpStatus.Done, OtherSessionsEnded: SecurityMessages.SessionsEnded(response));
        }

        return response.Error is ApiException error && TotpCodes.RefusesTheCode(error)
            ? new TotpResult(TotpStatus.InvalidCode)
            : throw (Exception?)response.Error ?? new InvalidOperationException("Lamba refused to turn MFA off without saying why.");
    }
}
