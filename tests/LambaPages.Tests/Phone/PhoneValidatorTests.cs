using LambaPages.Features.MagicLink;
using LambaPages.Features.Phone;

namespace LambaPages.Tests.Phone;

public sealed class PhoneValidatorTests
{
    [Theory]
    [InlineData("+14155550123")]
    [InlineData(" +44 20 7946 0958 ")]
    [InlineData("+1 (415) 555-0123")]
    [InlineData("+4915123456")]
    public void Accepts_international_numbers_with_the_usual_separators(string phone) =>
        Assert.True(new StartPhoneSignInCommandValidator().Validate(new StartPhoneSignInCommand { Phone = phone }).IsValid);

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+04155550123")]
    [InlineData("+1415555012345678")]
    [InlineData("+1 415 CALL ME")]
    [InlineData("+12345")]
    public void Rejects_a_number_that_is_not_e164_with_an_example_of_the_format(string phone)
    {
        var result = new StartPhoneSignInCommandValidator().Validate(new StartPhoneSignInCommand { Phone = phone });

        Assert.Equal(["Enter the number in international format, e.g. +14155550123"], result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void Asks_for_a_number_when_there_is_none() =>
        Assert.Equal(["Enter your phone number."],
            new StartPhoneSignInCommandValidator().Validate(new StartPhoneSignInCommand { Phone = "  " }).Errors.Select(e => e.ErrorMessage));

    [Theory]
    [InlineData("123456")]
    [InlineData(" 123 456 ")]
    public void Accepts_a_six_digit_code_with_spaces(string code) =>
        Assert.True(new PhoneCodeInputValidator().Validate(new PhoneCodeInput { Code = code }).IsValid);

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("")]
    [InlineData(null)]
    public void Rejects_anything_but_six_digits(string? code) =>
        Assert.Equal(["Enter the 6-digit code we sent."],
            new PhoneCodeInputValidator().Validate(new PhoneCodeInput { Code = code }).Errors.Select(e => e.ErrorMessage));

    [Fact]
    public void Shows_only_the_last_four_digits_of_the_number() =>
        Assert.Equal("ending in 0123", PhoneRules.Masked("+14155550123"));

    [Theory]
    [InlineData("  owner@acme.test ", true)]
    [InlineData("ünïcode@exämple.test", true)]
    [InlineData("", false)]
    [InlineData("not-an-email", false)]
    public void Checks_the_magic_link_email_after_trimming(string email, bool valid) =>
        Assert.Equal(valid, new StartMagicLinkCommandValidator().Validate(new StartMagicLinkCommand { Email = email }).IsValid);
}
