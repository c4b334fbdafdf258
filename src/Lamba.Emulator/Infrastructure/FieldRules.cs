using System.Text.RegularExpressions;

namespace Lamba.Emulator.Infrastructure;

/// <summary>The contract's field rules, shared by register, phone sign-in and profile edits.</summary>
public static partial class FieldRules
{
    public const int PasswordMin = 10;
    public const int PasswordMax = 128;
    public const int DisplayNameMax = 100;
    public const int EmailMax = 254;

    public static bool IsEmail(string? value) => value is { Length: > 0 and <= EmailMax } && EmailPattern().IsMatch(value);

    public static bool IsUsername(string? value) => value is not null && UsernamePattern().IsMatch(value);

    public static bool IsE164(string? value) => value is not null && E164Pattern().IsMatch(value);

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Adds the password rule's messages for <paramref name="field"/>.</summary>
    public static void CheckPassword(FieldErrors errors, string field, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "Enter a password.");
        }
        else if (password.Length < PasswordMin)
        {
            errors.Add(field, $"Use at least {PasswordMin} characters.");
        }
        else if (password.Length > PasswordMax)
        {
            errors.Add(field, $"Use at most {PasswordMax} characters.");
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z0-9._-]{3,32}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164Pattern();
}
