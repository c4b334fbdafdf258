using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Features.Register;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Register;

/// <summary>The register slice (and invitations) through the mediator pipeline, its handler, its Refit client and the real emulator.</summary>
public sealed class RegisterSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Registers_a_new_user_by_the_emailed_link_and_enters_the_configured_context()
    {
        var host = await shared.ResetAsync();
        var email = Emulator.NewEmail();

        var asked = await host.SendAsync(new RegisterCommand { Email = $"  {email} ", Password = "correct horse battery", DisplayName = "Ada" });
        var result = await host.SendAsync(new VerifyRegistrationCommand(await SignUpLink.TokenAsync(host, email)));

        Assert.Equal(RegisterStatus.CheckEmail, asked.Status);
        Assert.Null(asked.Tokens);
        Assert.Equal(RegisterStatus.Registered, result.Status);
        var context = await host.ContextOfAsync(result.Tokens!.AccessToken);
        Assert.Equal(email, context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Ada", context.GetProperty("user").GetProperty("displayName").GetString());
        Assert.Equal("prj_storefront", context.GetProperty("activeProject").GetProperty("id").GetString());
        Assert.Equal("test", context.GetProperty("activeProject").GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Answers_a_taken_email_as_a_new_one_and_never_says_it_is_taken()
    {
        var host = await shared.ResetAsync();

        var result = await host.SendAsync(new RegisterCommand { Email = "owner@acme.test", Password = "correct horse battery" });

        Assert.Equal(RegisterStatus.CheckEmail, result.Status);
        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task Reports_a_taken_username_against_the_username_field()
    {
        var host = await shared.ResetAsync();
        await LambaPages.Tests.Me.MeArrange.RegisterAsync(host, username: "ada.l");

        var result = await host.SendAsync(new RegisterCommand { Email = Emulator.NewEmail(), Password = "correct horse battery", Username = "ada.l" });

        Assert.Equal(RegisterStatus.Rejected, result.Status);
        Assert.Equal([RegisterMessages.UsernameTaken], result.Errors![nameof(RegisterCommand.Username)]);
    }

    [Fact]
    public async Task Says_registration_is_disabled_when_lamba_refuses_public_sign_up()
    {
        await using var host = await PortalHost.StartAsync(o => o.RegistrationOpen = false);

        var result = await host.SendAsync(new RegisterCommand { Email = Emulator.NewEmail(), Password = "correct horse battery" });

        Assert.Equal(RegisterStatus.Disabled, result.Status);
        Assert.Null(result.Tokens);
    }

    [Fact]
    public async Task Sends_the_invitation_token_so_lamba_adds_the_invited_membership()
    {
        var host = await shared.ResetAsync();
        var email = Emulator.NewEmail("invitee");
        var token = await InviteAsync(host, email, "prj_backoffice", "test", "support");

        var result = await host.SendAsync(new RegisterCommand { Email = email, Password = "correct horse battery", InvitationToken = token });

        Assert.Equal(RegisterStatus.Registered, result.Status);
        var memberships = await MembershipsOfAsync(host, result.Tokens!.AccessToken);
        Assert.Contains(memberships, m => m.Project == "prj_backoffice" && m.Roles.Contains("support"));
    }

    [Fact]
    public async Task Reports_an_unusable_invitation_without_creating_a_session()
    {
        var host = await shared.ResetAsync();

        var result = await host.SendAsync(new RegisterCommand
        {
            Email = Emulator.NewEmail(), Password = "correct horse battery", InvitationToken = "not-a-real-invitation",
        });

        Assert.Equal(RegisterStatus.Rejected, result.Status);
        Assert.Equal([RegisterMessages.InvitationInvalid], result.Errors![""]);
    }

    internal static async Task<string> InviteAsync(PortalHost host, string email, string projectId, string environment, string role)
    {
        // The owner's session, entered into the project the invitation is for, creates it as the admin area would.
        using var login = await host.EmulatorClient.PostAsJsonAsync("v1/auth/login/password", new { login = "owner@acme.test", password = PortalHost.Password });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        using var switchRequest = new HttpRequestMessage(HttpMethod.Post, "v1/sessions/switch-context")
        {
            Content = JsonContent.Create(new { workspaceId = "wrk_acme", projectId, environment }),
        };
        switchRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var switched = await host.EmulatorClient.SendAsync(switchRequest);
        var scoped = await switched.Content.ReadFromJsonAsync<JsonElement>();

        using var invite = new HttpRequestMessage(HttpMethod.Post, "v1/admin/invitations")
        {
            Content = JsonContent.Create(new { email, roleKeys = new[] { role }, expiresInDays = 7 }),
        };
        invite.Headers.Authorization = new("Bearer", scoped.GetProperty("access_token").GetString());
        using var created = await host.EmulatorClient.SendAsync(invite);
        Assert.True(created.IsSuccessStatusCode, $"Creating the invitation answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        return InvitationToken(await host.InvitationLinkAsync(email));
    }

    internal static string InvitationToken(string link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("https://portal.example.test"), link).Query)["invitationToken"].ToString();

    internal static async Task<List<(string Project, string[] Roles)>> MembershipsOfAsync(PortalHost host, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/me/memberships");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await host.EmulatorClient.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("project").GetProperty("id").GetString()!, i.GetProperty("roleKeys").EnumerateArray().Select(r => r.GetString()!).ToArray()))
            .ToList();
    }
}
