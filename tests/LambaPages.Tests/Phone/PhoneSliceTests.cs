using LambaPages.Features.Phone;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Phone;

/// <summary>The phone-code slice through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class PhoneSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Signs_in_with_a_phone_code_and_creates_the_user_when_sign_up_is_open()
    {
        var host = await shared.ResetAsync();
        var phone = Emulator.NewPhone();

        var started = await host.SendAsync(new StartPhoneSignInCommand { Phone = phone });
        var code = await host.PhoneCodeAsync(phone);
        var verified = await host.SendAsync(new VerifyPhoneCodeCommand(phone, code));

        Assert.Equal(PhoneStatus.CodeRequested, started.Status);
        Assert.Equal(SignInStatus.SignedIn, verified.Status);
        var context = await host.ContextOfAsync(verified.Tokens!.AccessToken);
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Explains_a_wrong_phone_code_as_invalid()
    {
        var host = await shared.ResetAsync();
        var phone = Emulator.NewPhone();
        await host.SendAsync(new StartPhoneSignInCommand { Phone = phone });
        var code = await host.PhoneCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        var result = await host.SendAsync(new VerifyPhoneCodeCommand(phone, wrong));

        Assert.Equal(SignInStatus.Refused, result.Status);
        Assert.Null(result.Tokens);
    }
}
