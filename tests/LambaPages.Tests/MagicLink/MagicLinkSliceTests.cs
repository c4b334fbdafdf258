using LambaPages.Features.MagicLink;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.MagicLink;

/// <summary>The magic-link slice through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class MagicLinkSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    private static readonly Uri ContinueUrl = new("https://portal.example.test/MagicLink/Continue");

    [Fact]
    public async Task Starts_a_magic_link_that_points_at_the_continue_page_and_verifies_it_once()
    {
        var host = await shared.ResetAsync();

        var started = await host.SendAsync(new StartMagicLinkCommand { Email = " owner@acme.test ", ContinueUrl = ContinueUrl });
        var link = await host.MagicLinkAsync("owner@acme.test");
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var first = await host.SendAsync(new VerifyMagicLinkCommand(token));
        var second = await host.SendAsync(new VerifyMagicLinkCommand(token));

        Assert.Equal(MagicLinkStatus.Requested, started.Status);
        Assert.Equal(ContinueUrl.GetLeftPart(UriPartial.Path), link.GetLeftPart(UriPartial.Path));
        Assert.Equal(SignInStatus.SignedIn, first.Status);
        var context = await host.ContextOfAsync(first.Tokens!.AccessToken);
        Assert.Equal("owner@acme.test", context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
        Assert.Equal(SignInStatus.Refused, second.Status);
    }

    [Fact]
    public async Task Answers_alike_for_an_unknown_email_and_sends_it_nothing()
    {
        var host = await shared.ResetAsync();

        var known = await host.SendAsync(new StartMagicLinkCommand { Email = "owner@acme.test", ContinueUrl = ContinueUrl });
        var unknown = await host.SendAsync(new StartMagicLinkCommand { Email = "nobody@acme.test", ContinueUrl = ContinueUrl });

        Assert.Equal(known, unknown);
        Assert.Equal(0, await host.OutboxCountAsync("nobody@acme.test"));
    }

    [Fact]
    public async Task Refuses_an_expired_magic_link()
    {
        await using var host = await PortalHost.StartAsync();
        await host.SendAsync(new StartMagicLinkCommand { Email = "viewer@acme.test", ContinueUrl = ContinueUrl });
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery((await host.MagicLinkAsync("viewer@acme.test")).Query)["token"].ToString();
        await host.AdvanceEmulatorClockAsync(TimeSpan.FromMinutes(16));

        var result = await host.SendAsync(new VerifyMagicLinkCommand(token));

        Assert.Equal(SignInStatus.Refused, result.Status);
    }
}
