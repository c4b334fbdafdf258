using System.Globalization;
using System.Resources;
using Microsoft.Net.Http.Headers;

namespace Lamba.Emulator.Store;

/// <summary>
/// The words of the e-mails and SMS the emulator "sends" (OutboxTexts.resx, .de.resx, .ar.resx), in the recipient's
/// language: their account's locale when they have one, else the request's Accept-Language (a portal forwards the
/// language its reader sees), else English. See docs/contract-decisions.md.
/// </summary>
public static class OutboxTexts
{
    public const string MagicLink = "MagicLink";
    public const string PhoneCode = "PhoneCode";
    public const string EmailCode = "EmailCode";
    public const string RegistrationLink = "RegistrationLink";
    public const string RegistrationAttempt = "RegistrationAttempt";
    public const string Invitation = "Invitation";
    public const string InvitationSender = "InvitationSender";
    public const string SecurityAlert = "SecurityAlert";

    public static readonly IReadOnlyList<string> Languages = ["en", "de", "ar"];

    private static readonly ResourceManager Resources = new("Lamba.Emulator.Store.OutboxTexts", typeof(OutboxTexts).Assembly);

    /// <summary>The first of the recipient's locale and the request's Accept-Language that the emulator writes in; else "en".</summary>
    public static string LanguageFor(string? recipientLocale, HttpContext? request)
    {
        if (Supported(recipientLocale) is { } own)
        {
            return own;
        }

        var wanted = request is null ? [] : request.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(value => value.Quality ?? 1)
            .Select(value => Supported(value.Value.Value));
        return wanted.FirstOrDefault(language => language is not null) ?? "en";
    }

    /// <summary>The message <paramref name="key"/> in <paramref name="language"/>, its placeholders filled.</summary>
    public static string Format(string key, string language, params object[] arguments)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var text = Resources.GetString(key, culture) ?? throw new InvalidOperationException($"No outbox text {key}.");
        return string.Format(culture, text, arguments);
    }

    private static string? Supported(string? tag) =>
        string.IsNullOrWhiteSpace(tag) ? null : Languages.FirstOrDefault(l => string.Equals(l, tag.Trim().Split('-', '_')[0], StringComparison.OrdinalIgnoreCase));
}
