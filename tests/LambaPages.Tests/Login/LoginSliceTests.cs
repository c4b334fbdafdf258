using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentValidation;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace LambaPages.Tests.Login;

/// <summary>The login slice through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class LoginSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Signs_in_and_enters_the_configured_context()
    {
        var host = await shared.ResetAsync();

        var result = await SendAsync(host, new LoginCommand { Login = "owner@acme.test", Password = PortalHost.Password });

        Assert.Equal(SignInStatus.SignedIn, result.Status);
        using var context = await host.GetContextWithTokenAsync(result.Tokens!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, context.StatusCode);
        var body = await context.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("prj_storefront", body.GetProperty("activeProject").GetProperty("id").GetString());
        Assert.Equal("test", body.GetProperty("activeProject").GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Stays_out_of_any_context_when_none_is_configured()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_WORKSPACE_ID"] = "",
            ["LAMBA_CUSTOMER_PROJECT_ID"] = "",
            ["LAMBA_CUSTOMER_ENV"] = "",
        });

        var result = await SendAsync(host, new LoginCommand { Login = "owner@acme.test", Password = PortalHost.Password });

        using var context = await host.GetContextWithTokenAsync(result.Tokens!.AccessToken);
        var body = await context.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("activeProject").ValueKind);
    }

    [Fact]
    public async Task Reports_a_wrong_password_and_an_unknown_login_alike()
    {
        var host = await shared.ResetAsync();

        var wrongPassword = await SendAsync(host, new LoginCommand { Login = "owner@acme.test", Password = "not-the-password" });
        var unknownLogin = await SendAsync(host, new LoginCommand { Login = "nobody@acme.test", Password = PortalHost.Password });

        Assert.Equal(SignInStatus.Refused, wrongPassword.Status);
        Assert.Equal(wrongPassword, unknownLogin);
    }

    [Fact]
    public async Task Asks_for_a_code_and_accepts_a_current_one()
    {
        var host = await shared.ResetAsync();
        var credentials = new LoginCommand { Login = "mfa@acme.test", Password = PortalHost.Password };

        var first = await SendAsync(host, credentials);
        var wrong = await SendAsync(host, credentials with { MfaCode = WrongCode() });
        var right = await SendAsync(host, credentials with { MfaCode = CurrentCode() });

        Assert.Equal(SignInStatus.SecondFactorRequired, first.Status);
        Assert.Null(first.Tokens);
        Assert.Equal(SignInStatus.WrongSecondFactor, wrong.Status);
        Assert.Equal(SignInStatus.SignedIn, right.Status);
        Assert.NotNull(right.Tokens);
    }

    [Fact]
    public async Task Refuses_an_invalid_command_without_calling_lamba()
    {
        await using var host = await PortalHost.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => SendAsync(host, new LoginCommand { Login = "", Password = "" }));

        var calls = (await host.StatsAsync()).GetProperty("calls");
        Assert.False(calls.TryGetProperty("POST /v1/auth/login/password", out _));
    }

    internal static string CurrentCode() => new Totp(Base32Encoding.ToBytes(PortalHost.MfaSecret)).ComputeTotp();

    /// <summary>A 6-digit code that is not the current one (nor, by construction, a neighbour window's).</summary>
    internal static string WrongCode()
    {
        var totp = new Totp(Base32Encoding.ToBytes(PortalHost.MfaSecret));
        var now = DateTime.UtcNow;
        var taken = new[] { totp.ComputeTotp(now), totp.ComputeTotp(now.AddSeconds(-30)), totp.ComputeTotp(now.AddSeconds(30)) };
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !taken.Contains(c));
    }

    private static async Task<SignInOutcome> SendAsync(PortalHost host, LoginCommand command)
    {
        using var scope = host.Portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
