using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Pipeline;
using Refit;
using LambaPages.Localization;

namespace LambaPages.Features.Shared.SignIn;

/// <summary>How Lamba answered a sign-in attempt, whichever route made it (password, magic link, phone code).</summary>
public enum SignInStatus
{
    SignedIn,

    /// <summary>401 MFA_REQUIRED: the first factor is right (and not spent); ask for the authenticator code.</summary>
    SecondFactorRequired,

    /// <summary>401 MFA_CODE_INVALID: wrong or reused authenticator code; the first factor stays valid.</summary>
    WrongSecondFactor,

    /// <summary>423 ACCOUNT_LOCKED, with Retry-After.</summary>
    Locked,

    /// <summary>429 RATE_LIMIT_EXCEEDED, with Retry-After.</summary>
    RateLimited,

    /// <summary>Any other 401: the first factor is wrong (password, link or phone code), without saying more.</summary>
    Refused,

    /// <summary>400 VALIDATION_FAILED, with the field errors.</summary>
    Invalid,
}

/// <summary>A sign-in attempt's outcome; only <see cref="SignInStatus.SignedIn"/> carries tokens.</summary>
public sealed record SignInOutcome(
    SignInStatus Status,
    LambaTokens? Tokens = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyDictionary<string, string[]>? Errors = null) : IHasOutcome
{
    public string Outcome => Status.ToString();

    /// <summary>
    /// The one mapper from Lamba's answer: status first, errorCode second (contract section 7), the second factor
    /// before the first (decisions item 1). Tokens go through <paramref name="sessionEstablisher"/> (the configured
    /// context). Anything that is not a sign-in outcome (a 5xx, a 403) throws and reaches the error page.
    /// </summary>
    public static async Task<SignInOutcome> FromAsync(
        IApiResponse<LambaTokens> response, SessionEstablisher sessionEstablisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(sessionEstablisher);
        if (response.Problem() is not { } problem)
        {
            var issued = response.Content ?? throw response.Unexpected();
            return new SignInOutcome(SignInStatus.SignedIn, await sessionEstablisher.EstablishAsync(issued, cancellationToken));
        }

        return problem switch
        {
            { Status: 401, ErrorCode: "MFA_REQUIRED" } => new SignInOutcome(SignInStatus.SecondFactorRequired),
            { Status: 401, ErrorCode: "MFA_CODE_INVALID" } => new SignInOutcome(SignInStatus.WrongSecondFactor),
            { Status: 401 } => new SignInOutcome(SignInStatus.Refused),
            { Status: 423 } => new SignInOutcome(SignInStatus.Locked, RetryAfter: problem.RetryAfter),
            { Status: 429 } => new SignInOutcome(SignInStatus.RateLimited, RetryAfter: problem.RetryAfter),
            { Status: 400 } => new SignInOutcome(SignInStatus.Invalid, Errors: problem.Errors),
            _ => throw response.Unexpected(),
        };
    }

    public override string ToString() => $"SignInOutcome {{ Status = {Status} }}";
}

/// <summary>The words every sign-in route shares; tests and the e2e tier rely on them.</summary>
public static class SignInMessages
{
    public const string WrongCode = "That code is not valid. Try a new one.";

    public static string Locked(TimeSpan? retryAfter) => Text.Get("Too many failed sign-in attempts from here.") + " " + TryAgain.After(retryAfter);
}
