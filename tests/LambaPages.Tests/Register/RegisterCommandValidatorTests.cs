using LambaPages.Features.Register;

namespace LambaPages.Tests.Register;

public sealed class RegisterCommandValidatorTests
{
    private static readonly RegisterCommandValidator Validator = new();

    private static RegisterCommand Valid => new() { Email = "new@example.test", Password = "correct horse battery" };

    private static List<string> ErrorsFor(RegisterCommand command, string property) =>
        Validator.Validate(command).Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage).ToList();

    [Fact]
    public void Accepts_an_email_and_a_ten_character_password_with_nothing_else() =>
        Assert.True(Validator.Validate(Valid with { Password = "0123456789" }).IsValid);

    [Theory]
    [InlineData("jöhn.dœ@exämple.test")]
    [InlineData("用户@例子.测试")]
    [InlineData("o'brien+tag@example.co.uk")]
    public void Accepts_unicode_and_unusual_but_real_email_addresses(string email) =>
        Assert.Empty(ErrorsFor(Valid with { Email = email }, nameof(RegisterCommand.Email)));

    [Fact]
    public void Accepts_an_email_with_spaces_around_it_because_they_are_trimmed() =>
        Assert.Empty(ErrorsFor(Valid with { Email = "  new@example.test \t" }, nameof(RegisterCommand.Email)));

    [Fact]
    public void Sends_the_email_and_username_trimmed_and_the_password_exactly_as_typed()
    {
        var request = (Valid with { Email = " new@example.test ", Username = " ada.l ", DisplayName = "  Ada  ", Password = "  spaced out  " }).ToRequest();

        Assert.Equal("new@example.test", request.Email);
        Assert.Equal("ada.l", request.Username);
        Assert.Equal("Ada", request.DisplayName);
        Assert.Equal("  spaced out  ", request.Password);
    }

    [Fact]
    public void Leaves_out_optional_fields_that_are_blank()
    {
        var request = (Valid with { Username = "   ", DisplayName = "", InvitationToken = " " }).ToRequest();

        Assert.Null(request.Username);
        Assert.Null(request.DisplayName);
        Assert.Null(request.InvitationToken);
    }

    [Theory]
    [InlineData("", "Enter your email address.")]
    [InlineData("   ", "Enter your email address.")]
    [InlineData("no-at-sign.example.test", "Enter an email address like name@example.com.")]
    [InlineData("two@@example.test", "Enter an email address like name@example.com.")]
    [InlineData("spa ce@example.test", "Enter an email address like name@example.com.")]
    [InlineData("nodot@example", "Enter an email address like name@example.com.")]
    public void Rejects_a_missing_or_malformed_email(string email, string message) =>
        Assert.Equal([message], ErrorsFor(Valid with { Email = email }, nameof(RegisterCommand.Email)));

    [Fact]
    public void Rejects_an_email_longer_than_254_characters() =>
        Assert.Equal(["An email address has at most 254 characters."],
            ErrorsFor(Valid with { Email = new string('a', 245) + "@example.test" }, nameof(RegisterCommand.Email)));

    [Fact]
    public void Accepts_a_password_of_exactly_128_characters() =>
        Assert.Empty(ErrorsFor(Valid with { Password = new string('p', 128) }, nameof(RegisterCommand.Password)));

    [Fact]
    public void Rejects_a_password_of_129_characters() =>
        Assert.Equal(["Use at most 128 characters."], ErrorsFor(Valid with { Password = new string('p', 129) }, nameof(RegisterCommand.Password)));

    [Fact]
    public void Rejects_a_nine_character_password() =>
        Assert.Equal(["Use at least 10 characters."], ErrorsFor(Valid with { Password = "123456789" }, nameof(RegisterCommand.Password)));

    [Fact]
    public void Counts_leading_and_trailing_spaces_in_a_password_because_they_are_never_trimmed()
    {
        Assert.Empty(ErrorsFor(Valid with { Password = "  12345678" }, nameof(RegisterCommand.Password)));
        Assert.Empty(ErrorsFor(Valid with { Password = new string(' ', 10) }, nameof(RegisterCommand.Password)));
        Assert.Equal(["Use at least 10 characters."], ErrorsFor(Valid with { Password = " 1234567 " }, nameof(RegisterCommand.Password)));
    }

    [Fact]
    public void Asks_for_a_password_when_there_is_none() =>
        Assert.Equal(["Choose a password."], ErrorsFor(Valid with { Password = "" }, nameof(RegisterCommand.Password)));

    [Fact]
    public void Accepts_a_100_character_display_name_and_rejects_101()
    {
        Assert.Empty(ErrorsFor(Valid with { DisplayName = new string('d', 100) }, nameof(RegisterCommand.DisplayName)));
        Assert.Empty(ErrorsFor(Valid with { DisplayName = "  " + new string('d', 100) + "  " }, nameof(RegisterCommand.DisplayName)));
        Assert.Equal(["Use at most 100 characters."], ErrorsFor(Valid with { DisplayName = new string('d', 101) }, nameof(RegisterCommand.DisplayName)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("ada.lovelace_1815-x")]
    [InlineData("  ada  ")]
    [InlineData("")]
    [InlineData(null)]
    public void Accepts_a_username_of_3_to_32_allowed_characters_or_none(string? username) =>
        Assert.Empty(ErrorsFor(Valid with { Username = username }, nameof(RegisterCommand.Username)));

    [Theory]
    [InlineData("ab")]
    [InlineData("Ada")]
    [InlineData("ada lovelace")]
    [InlineData("adä")]
    [InlineData("ada@home")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Rejects_a_username_outside_the_contract_rule(string username) =>
        Assert.Equal(["Use 3 to 32 characters: lowercase letters, digits, dots, underscores or hyphens."],
            ErrorsFor(Valid with { Username = username }, nameof(RegisterCommand.Username)));

    [Fact]
    public void Never_prints_the_password()
    {
        var command = Valid with { Password = "Sup3r-secret-passphrase" };

        Assert.DoesNotContain("Sup3r-secret-passphrase", command.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-secret-passphrase", command.ToRequest().ToString(), StringComparison.Ordinal);
    }
}
