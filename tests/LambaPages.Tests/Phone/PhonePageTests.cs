using System.Net;
using LambaPages.Features.Phone;
using LambaPages.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LambaPages.Tests.Phone;

public sealed class PhonePageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Asks_for_a_phone_number_with_the_right_field_attributes()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Phone");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("""<label for="Input_Phone">Phone number</label>""", page.Html, StringComparison.Ordinal);
        var input = Emulator.InputTag(page.Html, "Input.Phone");
        Assert.Contains("""autocomplete="tel" """.TrimEnd(), input, StringComparison.Ordinal);
        Assert.Contains("""type="tel" """.TrimEnd(), input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_the_international_format_for_a_local_number()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/Phone");

        var answer = await browser.PostFormAsync("/Phone", page.Html, [new("Input.Phone", "415 555 0123")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Matches("""data-valmsg-for="Input.Phone"[^>]*>Enter the number in international format, e.g. (\+|&#x2B;)14155550123</span>""", answer.Html);
        Assert.Equal("415 555 0123", Html.InputValue(answer.Html, "Input.Phone"));
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/phone/start"));
    }

    [Fact]
    public async Task Sends_a_code_keeps_the_number_out_of_the_url_and_signs_in_with_the_code()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var phone = Emulator.NewPhone();

        var started = await StartAsync(browser, "  " + phone[..5] + " " + phone[5..] + " ");
        Assert.Equal("/Phone/Code", started.Location?.ToString());
        var codeStep = await browser.FollowAsync(started);

        Assert.Equal("Enter your code", Html.H1(codeStep.Html));
        Assert.Equal(PhoneMessages.CodeSent, Html.Status(codeStep.Html));
        Assert.Contains("""<label for="Input_Code">Code</label>""", codeStep.Html, StringComparison.Ordinal);
        var codeInput = Emulator.InputTag(codeStep.Html, "Input.Code");
        Assert.Contains("""autocomplete="one-time-code" inputmode="numeric" """.TrimEnd(), codeInput, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, codeStep.Html, StringComparison.Ordinal);
        Assert.Contains("ending in " + phone[^4..], codeStep.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Seen, seen => seen.Contains(phone[1..], StringComparison.Ordinal));

        var code = await host.PhoneCodeAsync(phone);
        var verified = await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", code[..3] + " " + code[3..])]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
        Assert.True(verified.Deletes(PendingPhone.CookieName));
        var me = await browser.FollowAsync(verified);
        Assert.Equal("Your account", Html.H1(me.Html));
    }

    [Fact]
    public async Task Explains_a_wrong_code_and_never_echoes_it()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var phone = Emulator.NewPhone();
        var codeStep = await browser.FollowAsync(await StartAsync(browser, phone));
        var code = await host.PhoneCodeAsync(phone);
        var wrong = code == "987654" ? "123456" : "987654";

        var answer = await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", wrong)]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Enter your code", Html.H1(answer.Html));
        Assert.Contains(PhoneMessages.InvalidCode, Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Matches("""data-valmsg-for="Input.Code">That code is not valid""", answer.Html);
        Assert.DoesNotContain(wrong, answer.Html, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Shows_the_resend_cool_down_and_enforces_it_on_the_server()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        var phone = Emulator.NewPhone();
        var codeStep = await browser.FollowAsync(await StartAsync(browser, phone));

        Assert.Matches("You can request a new code in (29|30) seconds.", Html.Text(codeStep.Html));
        Assert.Contains(">Send a new code</button>", codeStep.Html, StringComparison.Ordinal);

        var tooSoon = await browser.PostFormAsync("/Phone/Code?handler=Resend", codeStep.Html, []);

        Assert.Equal(HttpStatusCode.OK, tooSoon.Status);
        Assert.Matches("You can request a new code in [0-9]+ seconds?.", Html.TextOf(tooSoon.Html, "error-summary"));
        Assert.Equal(1, await host.CallsAsync("POST /v1/auth/phone/start"));
    }

    [Fact]
    public async Task Sends_a_new_code_once_the_cool_down_is_over()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await PortalHost.StartAsync(portalClock: clock);
        using var browser = host.NewBrowser();
        var phone = Emulator.NewPhone();
        var codeStep = await browser.FollowAsync(await StartAsync(browser, phone));
        clock.Advance(TimeSpan.FromSeconds(29));
        var stillCooling = await browser.PostFormAsync("/Phone/Code?handler=Resend", codeStep.Html, []);
        Assert.Matches("You can request a new code in 1 second.", Html.TextOf(stillCooling.Html, "error-summary"));
        clock.Advance(TimeSpan.FromSeconds(1));

        var resent = await browser.PostFormAsync("/Phone/Code?handler=Resend", stillCooling.Html, []);

        Assert.Equal(HttpStatusCode.Redirect, resent.Status);
        Assert.Equal(2, await host.CallsAsync("POST /v1/auth/phone/start"));
        Assert.Equal(2, await host.OutboxCountAsync(phone));
        var second = await host.PhoneCodeAsync(phone);
        var page = await browser.FollowAsync(resent);
        var verified = await browser.PostFormAsync("/Phone/Code", page.Html, [new("Input.Code", second)]);
        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
    }

    [Fact]
    public async Task Starts_over_when_the_code_step_has_no_pending_number()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/Phone");

        var answer = await browser.PostFormAsync("/Phone/Code", page.Html, [new("Input.Code", "123456")]);

        Assert.Contains(PhoneMessages.PendingExpired, Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Contains(">Start again</a>", answer.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Code", answer.Html, StringComparison.Ordinal);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/phone/verify"));
    }

    [Fact]
    public async Task Lets_the_user_choose_a_different_number()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var codeStep = await browser.FollowAsync(await StartAsync(browser, Emulator.NewPhone()));

        var restarted = await browser.PostFormAsync("/Phone/Code?handler=Restart", codeStep.Html, []);
        var page = await browser.FollowAsync(restarted);

        Assert.True(restarted.Deletes(PendingPhone.CookieName));
        Assert.Equal("Sign in with a phone code", Html.H1(page.Html));
    }

    internal static async Task<TestResponse> StartAsync(TestBrowser browser, string phone)
    {
        var page = await browser.GetAsync("/Phone");
        return await browser.PostFormAsync("/Phone", page.Html, [new("Input.Phone", phone)]);
    }
}
