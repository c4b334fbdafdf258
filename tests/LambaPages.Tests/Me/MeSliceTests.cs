using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator.Store;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;
using LambaPages.Features.Me;
using LambaPages.Features.Me.Email;
using LambaPages.Features.Me.Memberships;
using LambaPages.Features.Me.Profile;
using LambaPages.Features.Me.Security;
using LambaPages.Features.Me.Security.Totp;
using LambaPages.Features.Me.Sessions;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace LambaPages.Tests.Me;

/// <summary>Each Me handler through the mediator pipeline, its Refit client and the real emulator, as a freshly registered user.</summary>
public sealed class ProfileSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Saves_the_changed_fields_and_the_context_shows_the_new_name()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host, displayName: "Before");
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));
        var loaded = await me.Mediator.Send(new ProfileQuery());

        var result = await me.Mediator.Send(UpdateProfileCommand.From(loaded) with { DisplayName = "After", TimeZone = "Europe/Paris", Phone = "+15555550123" });

        Assert.Equal(UpdateProfileStatus.Saved, result.Status);
        var saved = await me.Mediator.Send(new ProfileQuery());
        Assert.Equal(("After", "Europe/Paris", "+15555550123"), (saved.DisplayName, saved.TimeZone, saved.Phone));
        Assert.Equal("After", (await me.Services.GetRequiredService<CurrentContext>().LoadAsync(default)).User.DisplayName);
    }

    [Fact]
    public async Task Clears_a_field_that_was_emptied()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host, displayName: "Someone");
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var result = await me.Mediator.Send(UpdateProfileCommand.From(await me.Mediator.Send(new ProfileQuery())) with { DisplayName = "" });

        Assert.Equal(UpdateProfileStatus.Saved, result.Status);
        Assert.Null((await me.Mediator.Send(new ProfileQuery())).DisplayName);
    }

    [Fact]
    public async Task Reports_a_taken_username_on_the_username_field()
    {
        var host = await shared.ResetAsync();
        var taken = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await MeArrange.RegisterAsync(host, username: taken);
        var email = await MeArrange.RegisterAsync(host);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var result = await me.Mediator.Send(UpdateProfileCommand.From(await me.Mediator.Send(new ProfileQuery())) with { Username = taken });

        Assert.Equal(UpdateProfileStatus.Rejected, result.Status);
        Assert.Equal([ProfileMessages.UsernameTaken], result.Errors!["username"]);
    }

    [Fact]
    public async Task Reports_a_phone_number_of_another_account_on_the_phone_field()
    {
        var host = await shared.ResetAsync();
        var first = await MeArrange.RegisterAsync(host);
        using (var owner = SignedInScope.Open(host, await MeArrange.SignInAsync(host, first)))
        {
            var saved = await owner.Mediator.Send(UpdateProfileCommand.From(await owner.Mediator.Send(new ProfileQuery())) with { Phone = "+15555550177" });
            Assert.Equal(UpdateProfileStatus.Saved, saved.Status);
        }

        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, await MeArrange.RegisterAsync(host)));

        var result = await me.Mediator.Send(UpdateProfileCommand.From(await me.Mediator.Send(new ProfileQuery())) with { Phone = "+15555550177" });

        Assert.Equal(UpdateProfileStatus.Rejected, result.Status);
        Assert.Equal([ProfileMessages.PhoneTaken], result.Errors!["phone"]);
    }

    [Fact]
    public async Task Does_not_patch_when_nothing_changed()
    {
        await using var host = await PortalHost.StartAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var result = await me.Mediator.Send(UpdateProfileCommand.From(await me.Mediator.Send(new ProfileQuery())));

        Assert.Equal(UpdateProfileStatus.NoChanges, result.Status);
        Assert.False((await host.StatsAsync()).GetProperty("calls").TryGetProperty("PATCH /v1/me/profile", out _));
    }
}

public sealed class EmailSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Changes_the_email_with_the_code_sent_to_the_new_address()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var newEmail = MeArrange.UniqueEmail("new");
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var started = await me.Mediator.Send(new StartEmailChangeCommand { NewEmail = newEmail, Password = PortalHost.Password });
        var verified = await me.Mediator.Send(new VerifyEmailChangeCommand { Code = await MeArrange.LatestCodeAsync(host, newEmail) });

        Assert.Equal((EmailChangeStatus.Done, EmailChangeStatus.Done), (started.Status, verified.Status));
        Assert.Equal(newEmail, (await me.Mediator.Send(new ProfileQuery())).Email);
        await MeArrange.SignInAsync(host, newEmail);
    }

    [Fact]
    public async Task Refuses_a_wrong_password_without_sending_a_code_or_ending_the_session()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var newEmail = MeArrange.UniqueEmail("new");
        var tokens = await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, tokens);

        var result = await me.Mediator.Send(new StartEmailChangeCommand { NewEmail = newEmail, Password = "not-my-password" });

        Assert.Equal(EmailChangeStatus.WrongPassword, result.Status);
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>($"_emulator/outbox?to={Uri.EscapeDataString(newEmail)}");
        Assert.Equal(0, outbox.GetProperty("items").GetArrayLength());
        Assert.Equal(200, await MeArrange.ContextStatusAsync(host, me.Session.AccessToken!));
    }

    [Fact]
    public async Task Refuses_a_wrong_code_and_an_email_already_in_use()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var taken = await me.Mediator.Send(new StartEmailChangeCommand { NewEmail = "owner@acme.test", Password = PortalHost.Password });
        await me.Mediator.Send(new StartEmailChangeCommand { NewEmail = MeArrange.UniqueEmail("new"), Password = PortalHost.Password });
        var wrongCode = await me.Mediator.Send(new VerifyEmailChangeCommand { Code = "000000" });

        Assert.Equal(EmailChangeStatus.EmailTaken, taken.Status);
        Assert.Equal(EmailChangeStatus.InvalidCode, wrongCode.Status);
        Assert.Equal(email, (await me.Mediator.Send(new ProfileQuery())).Email);
    }
}

public sealed class SecuritySliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Changes_the_password_ending_the_other_sessions_and_keeping_this_one()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var other = await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var result = await me.Mediator.Send(new ChangePasswordCommand
        {
            CurrentPassword = PortalHost.Password, NewPassword = "a-brand-new-password", ConfirmNewPassword = "a-brand-new-password",
        });

        Assert.Equal(ChangePasswordStatus.Changed, result.Status);
        Assert.Equal(1, result.OtherSessionsEnded);
        Assert.Equal(200, await MeArrange.ContextStatusAsync(host, me.Session.AccessToken!));
        Assert.Equal(401, await MeArrange.ContextStatusAsync(host, other.AccessToken));
        await MeArrange.SignInAsync(host, email, "a-brand-new-password");
    }

    [Fact]
    public async Task Refuses_a_wrong_current_password_without_ending_the_session()
    {
        await using var host = await PortalHost.StartAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));
        var refreshesBefore = await host.RefreshCountAsync();

        var result = await me.Mediator.Send(new ChangePasswordCommand
        {
            CurrentPassword = "not-my-password", NewPassword = "a-brand-new-password", ConfirmNewPassword = "a-brand-new-password",
        });

        Assert.Equal(ChangePasswordStatus.WrongPassword, result.Status);
        Assert.Equal(refreshesBefore, await host.RefreshCountAsync());
        Assert.Equal(200, await MeArrange.ContextStatusAsync(host, me.Session.AccessToken!));
        await MeArrange.SignInAsync(host, email);
    }

    [Fact]
    public async Task Reads_the_security_summary()
    {
        var host = await shared.ResetAsync();
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, "mfa@acme.test", mfaCode: Totp(PortalHost.MfaSecret)));

        var summary = await me.Mediator.Send(new SecurityQuery());

        Assert.True(summary.TotpEnabled);
        Assert.NotNull(summary.PasswordSetAt);
    }

    internal static string Totp(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();
}

public sealed class TotpSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Enrols_and_then_signs_in_and_disables_with_recovery_codes()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var enrolment = await me.Mediator.Send(new StartTotpEnrolmentCommand());
        var wrong = await me.Mediator.Send(new ConfirmTotpCommand { Code = WrongCode(enrolment!.Secret) });
        var confirmed = await me.Mediator.Send(new ConfirmTotpCommand { Code = SecuritySliceTests.Totp(enrolment.Secret) });

        Assert.Equal(TotpStatus.InvalidCode, wrong.Status);
        Assert.Equal(TotpStatus.Done, confirmed.Status);
        Assert.Equal(10, confirmed.RecoveryCodes!.Count);
        Assert.True((await me.Mediator.Send(new SecurityQuery())).TotpEnabled);

        using (var login = host.Portal.Services.CreateScope())
        {
            var mediator = login.ServiceProvider.GetRequiredService<IMediator>();
            Assert.Equal(SignInStatus.SecondFactorRequired, (await mediator.Send(new LoginCommand { Login = email, Password = PortalHost.Password })).Status);
        }

        await MeArrange.SignInAsync(host, email, mfaCode: confirmed.RecoveryCodes[0]);

        var wrongDisable = await me.Mediator.Send(new DisableTotpCommand { Code = confirmed.RecoveryCodes[0] });
        var disabled = await me.Mediator.Send(new DisableTotpCommand { Code = confirmed.RecoveryCodes[1] });

        Assert.Equal(TotpStatus.InvalidCode, wrongDisable.Status);
        Assert.Equal(TotpStatus.Done, disabled.Status);
        Assert.Equal(1, disabled.OtherSessionsEnded);
        Assert.False((await me.Mediator.Send(new SecurityQuery())).TotpEnabled);
        Assert.Equal(200, await MeArrange.ContextStatusAsync(host, me.Session.AccessToken!));
    }

    [Fact]
    public async Task Does_not_start_a_second_enrolment_while_mfa_is_on()
    {
        var host = await shared.ResetAsync();
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, "mfa@acme.test", mfaCode: SecuritySliceTests.Totp(PortalHost.MfaSecret)));

        Assert.Null(await me.Mediator.Send(new StartTotpEnrolmentCommand()));
    }

    private static string WrongCode(string secret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = DateTime.UtcNow;
        var taken = new[] { totp.ComputeTotp(now), totp.ComputeTotp(now.AddSeconds(-30)), totp.ComputeTotp(now.AddSeconds(30)) };
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !taken.Contains(c));
    }
}

public sealed class SessionsSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_the_sessions_with_this_one_first_and_marked()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var view = await me.Mediator.Send(new SessionsQuery());

        Assert.Equal(2, view.Sessions.Count);
        Assert.True(view.Sessions[0].Current);
        Assert.False(view.Sessions[1].Current);
        Assert.True(view.HasOthers);
        Assert.Equal("Storefront", view.Sessions[0].ActiveProject?.Name);
    }

    [Fact]
    public async Task Ends_another_session_and_reports_one_that_is_not_the_users()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var other = await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));
        var otherId = (await me.Mediator.Send(new SessionsQuery())).Sessions.Single(s => !s.Current).Id;

        var ended = await me.Mediator.Send(new EndSessionCommand { SessionId = otherId });
        var again = await me.Mediator.Send(new EndSessionCommand { SessionId = otherId });
        var foreign = await me.Mediator.Send(new EndSessionCommand { SessionId = "ses_not_mine" });

        Assert.Equal(EndSessionStatus.EndedOther, ended.Status);
        Assert.Equal(EndSessionStatus.NotFound, again.Status);
        Assert.Equal(EndSessionStatus.NotFound, foreign.Status);
        Assert.Equal(401, await MeArrange.ContextStatusAsync(host, other.AccessToken));
        Assert.Equal(200, await MeArrange.ContextStatusAsync(host, me.Session.AccessToken!));
    }

    [Fact]
    public async Task Says_when_the_ended_session_is_this_one()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var tokens = await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, tokens);
        var currentId = (await me.Mediator.Send(new SessionsQuery())).Sessions.Single(s => s.Current).Id;

        var result = await me.Mediator.Send(new EndSessionCommand { SessionId = currentId });

        Assert.Equal(EndSessionStatus.EndedCurrent, result.Status);
        Assert.Equal(401, await MeArrange.ContextStatusAsync(host, tokens.AccessToken));
    }

    [Fact]
    public async Task Ends_every_other_session_and_says_how_many()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        var first = await MeArrange.SignInAsync(host, email);
        var second = await MeArrange.SignInAsync(host, email);
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var result = await me.Mediator.Send(new EndOtherSessionsCommand());

        Assert.Equal(2, result.Ended);
        Assert.Equal((401, 401), (await MeArrange.ContextStatusAsync(host, first.AccessToken), await MeArrange.ContextStatusAsync(host, second.AccessToken)));
        Assert.Single((await me.Mediator.Send(new SessionsQuery())).Sessions);
    }
}

public sealed class MembershipsSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_every_environment_of_every_membership_and_marks_the_current_one()
    {
        var host = await shared.ResetAsync();
        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, "owner@acme.test"));

        var view = await me.Mediator.Send(new MembershipsQuery());

        Assert.Equal(
            ["prj_backoffice/test", "prj_storefront/prod", "prj_storefront/test"],
            view.Places.Select(p => $"{p.ProjectId}/{p.Environment}").Order(StringComparer.Ordinal).ToArray());
        var current = Assert.Single(view.Places, p => p.Current);
        Assert.Equal(("prj_storefront", "test", "Acme"), (current.ProjectId, current.Environment, current.WorkspaceName));
        Assert.Equal(["owner"], current.RoleKeys);
    }

    [Fact]
    public async Task Lists_linked_identities()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        using (var scope = host.Emulator.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LambaDb>();
            var user = db.Users.Single(u => u.Email == email);
            db.LinkedIdentities.Add(new global::Lamba.Emulator.Store.LinkedIdentity
            {
                Id = "lid_" + Guid.NewGuid().ToString("N"), UserId = user.Id, Provider = "github", Subject = "12345", Email = email, LinkedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        using var me = SignedInScope.Open(host, await MeArrange.SignInAsync(host, email));

        var identity = Assert.Single((await me.Mediator.Send(new MembershipsQuery())).LinkedIdentities);
        Assert.Equal(("github", email), (identity.Provider, identity.Email));
    }
}
