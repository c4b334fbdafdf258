using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;

namespace LambaPages.Tests.Login;

public sealed class LoginCommandValidatorTests
{
    private readonly LoginCommandValidator validator = new();

    [Fact]
    public void Accepts_a_login_and_a_password()
    {
        var result = validator.Validate(new LoginCommand { Login = "owner@acme.test", Password = "Passw0rd!Passw0rd" });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Asks_for_the_login_when_it_is_empty()
    {
        var result = validator.Validate(new LoginCommand { Login = "", Password = "x" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(LoginCommand.Login), error.PropertyName);
        Assert.Equal("Enter your email or username.", error.ErrorMessage);
    }

    [Fact]
    public void Asks_for_the_password_when_it_is_missing()
    {
        var result = validator.Validate(new LoginCommand { Login = "owner@acme.test", Password = null! });

        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(LoginCommand.Password), error.PropertyName);
        Assert.Equal("Enter your password.", error.ErrorMessage);
    }

    [Fact]
    public void Rejects_a_login_longer_than_any_email()
    {
        var result = validator.Validate(new LoginCommand { Login = new string('a', 321), Password = "x" });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(LoginCommand.Login));
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("123 456")]
    [InlineData("abcd-efgh-1234")]
    public void Accepts_an_authenticator_code_or_a_recovery_code(string code)
    {
        var result = validator.Validate(new LoginCommand { Login = "mfa@acme.test", Password = "x", MfaCode = code });

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12<script>")]
    public void Rejects_a_code_that_cannot_be_a_code(string code)
    {
        var result = validator.Validate(new LoginCommand { Login = "mfa@acme.test", Password = "x", MfaCode = code });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(LoginCommand.MfaCode));
    }

    [Fact]
    public void The_second_step_asks_for_the_code_when_it_is_empty()
    {
        var result = new MfaCodeInputValidator().Validate(new MfaCodeInput { MfaCode = null });

        var error = Assert.Single(result.Errors);
        Assert.Equal("Enter the code from your authenticator app.", error.ErrorMessage);
    }

    [Fact]
    public void Never_prints_the_password_or_the_code()
    {
        var command = new LoginCommand { Login = "mfa@acme.test", Password = "Passw0rd!Passw0rd", MfaCode = "123456" };

        Assert.DoesNotContain("Passw0rd", command.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("123456", command.ToString(), StringComparison.Ordinal);
    }
}
