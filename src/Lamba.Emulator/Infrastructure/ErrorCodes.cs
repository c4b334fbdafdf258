namespace Lamba.Emulator.Infrastructure;

/// <summary>The contract's <c>errorCode</c> values (section 7), in one place.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string ConsoleHeaderNotAllowed = "CONSOLE_HEADER_NOT_ALLOWED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string SessionRevoked = "SESSION_REVOKED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string MfaRequired = "MFA_REQUIRED";
    public const string MfaCodeInvalid = "MFA_CODE_INVALID";
    public const string RefreshTokenInvalid = "REFRESH_TOKEN_INVALID";
    public const string RefreshTokenExpired = "REFRESH_TOKEN_EXPIRED";
    public const string RefreshTokenReused = "REFRESH_TOKEN_REUSED";
    public const string MagicLinkInvalid = "MAGIC_LINK_INVALID";
    public const string OtpInvalid = "OTP_INVALID";
    public const string PlanLimitExceeded = "PLAN_LIMIT_EXCEEDED";
    public const string AuthorizationDenied = "AUTHORIZATION_DENIED";
    public const string ContextRequired = "CONTEXT_REQUIRED";
    public const string RoleNotGrantable = "ROLE_NOT_GRANTABLE";
    public const string RegistrationLinkInvalid = "REGISTRATION_LINK_INVALID";
    public const string RegistrationDisabled = "REGISTRATION_DISABLED";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string EmailTaken = "EMAIL_TAKEN";
    public const string UsernameTaken = "USERNAME_TAKEN";
    public const string LastAdmin = "LAST_ADMIN";
    public const string Conflict = "CONFLICT";
    public const string AccountLocked = "ACCOUNT_LOCKED";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    public const string Internal = "INTERNAL";

    /// <summary>The code for a bare status (unknown route, injected fault, framework rejection).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 or 411 or 413 or 415 or 422 => ValidationFailed,
        401 => Unauthenticated,
        402 => PlanLimitExceeded,
        403 => AuthorizationDenied,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        423 => AccountLocked,
        429 => RateLimitExceeded,
        >= 500 => Internal,
        _ => ValidationFailed,
    };
}
