using Lamba.AspNetCore.Client;

namespace LambaPages.Features.Login;

/// <summary>
/// What the shared "Two-step verification" step (Features/Shared/_MfaStep.cshtml) needs from the page showing it:
/// the password login, the magic link and the phone code all ask for the second factor with the same markup.
/// </summary>
/// <param name="Handler">The page handler the code is posted to.</param>
/// <param name="Account">Shown as "for <c>Account</c>" when the page knows who is signing in.</param>
/// <param name="ReturnUrl">Posted back as a hidden field when not null.</param>
public sealed record MfaStepForm(string Handler, string? Account = null, string? ReturnUrl = null)
{
    /// <summary>The ModelState key of the code field ("Input.MfaCode") on every page that shows the step.</summary>
    public const string CodeKey = "Input." + nameof(MfaCodeInput.MfaCode);

    /// <summary>Empty: a one-time code is never echoed back into the form.</summary>
    public MfaCodeInput Input { get; } = new();
}

/// <summary>The second-factor answers every sign-in route shares (contract section 3 and decisions item 1).</summary>
public enum SecondFactorStatus
{
    /// <summary>401 MFA_REQUIRED: the first factor was right (and not spent); ask for the code.</summary>
    Required,

    /// <summary>401 MFA_CODE_INVALID: wrong or reused code; the first factor stays valid.</summary>
    InvalidCode,

    /// <summary>423 ACCOUNT_LOCKED, with Retry-After.</summary>
    Locked,
}

public static class SecondFactor
{
    /// <summary>The second-factor meaning of a Lamba refusal, or null when it is about something else.</summary>
    public static SecondFactorStatus? Of(LambaProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem switch
        {
            { Status: 401, ErrorCode: "MFA_REQUIRED" } => SecondFactorStatus.Required,
            { Status: 401, ErrorCode: "MFA_CODE_INVALID" } => SecondFactorStatus.InvalidCode,
            { Status: 423 } => SecondFactorStatus.Locked,
            _ => null,
        };
    }
}
