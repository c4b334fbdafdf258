using System.Net;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

/// <summary>
/// Messages go out in the recipient's language: their account's locale, else the request's Accept-Language (what the
/// portal's reader sees), else English; the emulator writes English, German and Arabic (docs/contract-decisions.md).
/// </summary>
public sealed class OutboxLanguageContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public async Task Writes_a_sign_in_link_in_the_recipients_profile_language_whatever_the_request_asks()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        using var patched = await Emulator.SendAsync(HttpMethod.Patch, "/v1/me/profile", new { locale = "de-AT" }, tokens.Access);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        using var started = await Emulator.SendAsync(HttpMethod.Post, "/v1/auth/magic-link/start",
            new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" },
            tweak: request => request.Headers.AcceptLanguage.ParseAdd("ar"));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var text = Assert.Single(await Emulator.OutboxAsync("viewer@acme.test")).GetProperty("text").GetString()!;
        Assert.StartsWith("Melden Sie sich mit diesem Link an.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ar", "أكمل إنشاء حسابك بهذا الرابط.")]
    [InlineData("fr-FR, de;q=0.8", "Schließen Sie die Einrichtung Ihres Kontos mit diesem Link ab.")]
    [InlineData("pt-BR", "Finish creating your account with this link.")]
    [InlineData(null, "Finish creating your account with this link.")]
    public async Task Writes_to_a_newcomer_in_the_first_language_of_the_request_it_knows(string? acceptLanguage, string opening)
    {
        var email = $"new-{Guid.NewGuid():N}@example.test";

        using var registered = await Emulator.SendAsync(HttpMethod.Post, "/v1/auth/register",
            new { email, password = "a long passphrase here" },
            tweak: request =>
            {
                if (acceptLanguage is not null)
                {
                    request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
                }
            });

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var message = Assert.Single(await Emulator.OutboxAsync(email));
        Assert.Equal(OutboxKinds.RegistrationLink, message.GetProperty("kind").GetString());
        var text = message.GetProperty("text").GetString()!;
        Assert.StartsWith(opening, text, StringComparison.Ordinal);
        Assert.Contains(message.GetProperty("link").GetString()!, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("ar")]
    public void Every_message_exists_in_every_language_with_the_same_placeholders(string language)
    {
        string[] keys =
        [
            OutboxTexts.MagicLink, OutboxTexts.PhoneCode, OutboxTexts.EmailCode, OutboxTexts.RegistrationLink,
            OutboxTexts.RegistrationAttempt, OutboxTexts.Invitation, OutboxTexts.InvitationSender, OutboxTexts.SecurityAlert,
        ];
        object[] arguments = ["«0»", "«1»", "«2»", "«3»", "«4»", "«5»"];

        foreach (var key in keys)
        {
            var english = OutboxTexts.Format(key, "en", arguments);
            var text = OutboxTexts.Format(key, language, arguments);
            var expected = arguments.Select(a => (string)a).Where(a => english.Contains(a, StringComparison.Ordinal));
            Assert.All(expected, placeholder => Assert.Contains(placeholder, text, StringComparison.Ordinal));
            Assert.True(language == "en" || text != english, $"{key} is not translated into {language}.");
        }
    }
}
