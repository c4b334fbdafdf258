using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;
using LambaPages.Features.Me.Email;
using LambaPages.Features.Me.Profile;
using LambaPages.Features.Me.Security;
using LambaPages.Features.Me.Security.Totp;
using LambaPages.Features.Me.Sessions;

namespace LambaPages.Tests.Me;

public sealed class ProfileValidatorTests
{
    private static readonly UpdateProfileCommandValidator Validator = new();

    [Fact]
    public void Accepts_a_complete_profile_and_an_all_empty_one()
    {
        Assert.True(Validator.Validate(new UpdateProfileCommand
        {
            DisplayName = "Ada Lovelace", Username = "ada.l_1-x", Phone = "+15555550100", Locale = "en-GB", TimeZone = "Europe/London",
        }).IsValid);
        Assert.True(Validator.Validate(new UpdateProfileCommand()).IsValid);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    [InlineData("a23456789012345678901234567890123")]
    public void Rejects_a_username_Lamba_would_refuse(string username)
    {
        var result = Validator.Validate(new UpdateProfileCommand { Username = username });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(UpdateProfileCommand.Username));
    }

    [Theory]
    [InlineData("5555550100")]
    [InlineData("+0555550100")]
    [InlineData("+1 555 555 0100")]
    public void Rejects_a_phone_that_is_not_international_format(string phone) =>
        Assert.Contains(Validator.Validate(new UpdateProfileCommand { Phone = phone }).Errors, e => e.PropertyName == nameof(UpdateProfileCommand.Phone));

    [Fact]
    public void Rejects_an_unknown_time_zone_a_bad_language_tag_and_a_long_name()
    {
        var result = Validator.Validate(new UpdateProfileCommand { TimeZone = "Mars/Olympus_Mons", Locale = "english!", DisplayName = new string('x', 101) });

        Assert.Equal(
            [nameof(UpdateProfileCommand.DisplayName), nameof(UpdateProfileCommand.Locale), nameof(UpdateProfileCommand.TimeZone)],
            result.Errors.Select(e => e.PropertyName).Order().ToArray());
    }
}

public sealed class EmailValidatorTests
{
    [Fact]
    public void Needs_a_valid_new_email_and_the_current_password()
    {
        var result = new StartEmailChangeCommandValidator().Validate(new StartEmailChangeCommand { NewEmail = "not-an-email", Password = "" });

        Assert.Equal([nameof(StartEmailChangeCommand.NewEmail), nameof(StartEmailChangeCommand.Password)], result.Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void Accepts_a_new_email_with_a_password() =>
        Assert.True(new StartEmailChangeCommandValidator().Validate(new StartEmailChangeCommand { NewEmail = "new@example.test", Password = "x" }).IsValid);

    [Theory]
    [InlineData("", false)]
    [InlineData("12", false)]
    [InlineData("123456", true)]
    [InlineData("12<script>", false)]
    public void Checks_the_shape_of_the_verification_code(string code, bool valid) =>
        Assert.Equal(valid, new VerifyEmailChangeCommandValidator().Validate(new VerifyEmailChangeCommand { Code = code }).IsValid);
}

public sealed class ChangePasswordValidatorTests
{
    private static readonly ChangePasswordCommandValidator Validator = new();

    [Fact]
    public void Accepts_a_new_password_typed_twice()
    {
        var result = Validator.Validate(new ChangePasswordCommand
        {
            CurrentPassword = "Passw0rd!Passw0rd", NewPassword = "a-new-long-password", ConfirmNewPassword = "a-new-long-password",
        });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Rejects_a_confirmation_that_does_not_match()
    {
        var result = Validator.Validate(new ChangePasswordCommand { CurrentPassword = "x", NewPassword = "a-new-long-password", ConfirmNewPassword = "a-new-long-passwore" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(ChangePasswordCommand.ConfirmNewPassword), error.PropertyName);
        Assert.Equal("The two new passwords do not match.", error.ErrorMessage);
    }

    [Fact]
    public void Rejects_a_short_new_password_and_a_missing_current_one()
    {
        var result = Validator.Validate(new ChangePasswordCommand { CurrentPassword = "", NewPassword = "short", ConfirmNewPassword = "short" });

        Assert.Equal([nameof(ChangePasswordCommand.CurrentPassword), nameof(ChangePasswordCommand.NewPassword)], result.Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void Rejects_a_new_password_equal_to_the_current_one()
    {
        var result = Validator.Validate(new ChangePasswordCommand
        {
            CurrentPassword = "Passw0rd!Passw0rd", NewPassword = "Passw0rd!Passw0rd", ConfirmNewPassword = "Passw0rd!Passw0rd",
        });

        Assert.Equal(nameof(ChangePasswordCommand.NewPassword), Assert.Single(result.Errors).PropertyName);
    }
}

public sealed class TotpValidatorTests
{
    [Theory]
    [InlineData("123456", true)]
    [InlineData("123 456", true)]
    [InlineData("12345", false)]
    [InlineData("abcdef", false)]
    [InlineData("", false)]
    public void Confirming_needs_a_six_digit_code(string code, bool valid) =>
        Assert.Equal(valid, new ConfirmTotpCommandValidator().Validate(new ConfirmTotpCommand { Code = code }).IsValid);

    [Theory]
    [InlineData("123456")]
    [InlineData("abcde-fghjk")]
    [InlineData("ABCDE FGHJK")]
    public void Disabling_accepts_an_authenticator_code_or_a_recovery_code(string code) =>
        Assert.True(new DisableTotpCommandValidator().Validate(new DisableTotpCommand { Code = code }).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("<script>")]
    public void Disabling_rejects_what_is_neither(string code) =>
        Assert.False(new DisableTotpCommandValidator().Validate(new DisableTotpCommand { Code = code }).IsValid);

    [Fact]
    public void The_login_second_step_accepts_a_recovery_code_as_issued() =>
        Assert.True(new MfaCodeInputValidator().Validate(new MfaCodeInput { MfaCode = "abcde-fghjk" }).IsValid);

    [Fact]
    public void Ending_a_session_needs_a_session_id()
    {
        Assert.False(new EndSessionCommandValidator().Validate(new EndSessionCommand { SessionId = "" }).IsValid);
        Assert.False(new EndSessionCommandValidator().Validate(new EndSessionCommand { SessionId = "../admin" }).IsValid);
        Assert.True(new EndSessionCommandValidator().Validate(new EndSessionCommand { SessionId = "ses_01abc" }).IsValid);
    }
}
