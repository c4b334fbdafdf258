using LambaPages.Features.SwitchContext;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.SwitchContext;

/// <summary>The switch-context slice through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class SwitchContextSliceTests
{
    [Fact]
    public async Task Switches_context_into_an_environment_the_user_belongs_to()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var before = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;

        var page = await browser.GetAsync("/SwitchContext");
        var answer = await browser.PostFormAsync("/SwitchContext", page.Html,
            [new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod"), new("ReturnUrl", "")]);

        var after = host.SessionCookies.UnprotectAccess(browser.Cookies["__Host-lamba_access_token"])!.Token;
        Assert.NotEqual(before, after);
        var context = await host.ContextOfAsync(after);
        Assert.Equal("prod", context.GetProperty("activeProject").GetProperty("environment").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.GetContextWithTokenAsync(before)).StatusCode);
        Assert.Equal("/Me", answer.Location?.ToString());
    }

    [Fact]
    public async Task Refuses_a_context_the_user_is_not_a_member_of()
    {
        await using var host = await PortalHost.StartAsync();
        var login = await host.SendAsync(new LambaPages.Features.Login.LoginCommand { Login = "viewer@acme.test", Password = PortalHost.Password });

        var denied = await SwitchWithTokenAsync(host, login.Tokens!.AccessToken, "wrk_acme", "prj_storefront", "prod");
        var unknown = await SwitchWithTokenAsync(host, login.Tokens!.AccessToken, "wrk_acme", "prj_nowhere", "test");

        Assert.Equal(SwitchContextStatus.Denied, denied.Status);
        Assert.Equal(SwitchContextStatus.NotFound, unknown.Status);
    }

    /// <summary>The switch handler with a session holding <paramref name="accessToken"/> (as the portal's cookies would).</summary>
    private static async Task<SwitchContextResult> SwitchWithTokenAsync(PortalHost host, string accessToken, string workspaceId, string projectId, string environment)
    {
        using var scope = host.Portal.Services.CreateScope();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
        scope.ServiceProvider.GetRequiredService<global::Lamba.AspNetCore.Session.LambaSession>().SignIn(
            new global::Lamba.AspNetCore.Client.LambaTokens(accessToken, "unused-refresh-token", DateTimeOffset.UtcNow.AddDays(1)));
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new SwitchContextCommand { WorkspaceId = workspaceId, ProjectId = projectId, Environment = environment });
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = null;
        return result;
    }
}
