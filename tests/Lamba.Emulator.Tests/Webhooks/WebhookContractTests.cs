using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests.Webhooks;

/// <summary>Contract section 8: signed, at-least-once events to registered endpoints.</summary>
public sealed class WebhookContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Secret = "whsec_test_secret_0123456789";
    private static readonly string[] Viewer = ["viewer"];
    private static readonly string[] Support = ["support"];
    private static readonly string[] UnknownEvent = ["user.deleted"];

    /// <summary>Registered endpoints and the delivery log outlive a reset (a portal wires its endpoint once, at start).</summary>
    protected override bool FreshEmulatorPerTest => true;

    [Fact]
    public async Task A_role_change_arrives_in_the_envelope_signed_with_v1_hmac_over_timestamp_and_raw_body()
    {
        await using var receiver = await RegisteredReceiverAsync();
        var owner = await OwnerInStorefrontAsync();

        using var changed = await Emulator.SendAsync(HttpMethod.Patch, "/v1/admin/members/" + SeedData.SupportId, new { roleKeys = Viewer }, owner);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var webhook = (await receiver.WaitForAsync("member.roles_changed")).Single();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(webhook.Timestamp + "." + webhook.RawBody)));
        Assert.Equal(expected, webhook.Signature);
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(webhook.Timestamp, CultureInfo.InvariantCulture));
        Assert.InRange(DateTimeOffset.UtcNow - sentAt, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(30));
        var envelope = webhook.Envelope;
        Assert.StartsWith("evt_", envelope.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("member.roles_changed", envelope.GetProperty("type").GetString());
        Assert.Equal(SeedData.WorkspaceId, envelope.GetProperty("workspaceId").GetString());
        Assert.Equal(SeedData.StorefrontId, envelope.GetProperty("projectId").GetString());
        Assert.Equal("test", envelope.GetProperty("environment").GetString());
        Assert.True(envelope.TryGetProperty("occurredAt", out _));
        var data = envelope.GetProperty("data");
        Assert.Equal(SeedData.SupportId, data.GetProperty("userId").GetString());
        Assert.Equal(["viewer"], data.GetProperty("roleKeys").Strings());
        Assert.Equal(["support"], data.GetProperty("previousRoleKeys").Strings());
    }

    [Fact]
    public async Task Removing_a_member_sends_member_removed_and_session_revoked_for_their_sessions_there()
    {
        await using var receiver = await RegisteredReceiverAsync();
        var support = await Emulator.SwitchAsync((await Emulator.LoginAsync("support@acme.test")).Access);
        var owner = await OwnerInStorefrontAsync();

        using var removed = await Emulator.SendAsync(HttpMethod.Delete, "/v1/admin/members/" + SeedData.SupportId, null, owner);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var removal = (await receiver.WaitForAsync("member.removed")).Single().Envelope.GetProperty("data");
        Assert.Equal(SeedData.SupportId, removal.GetProperty("userId").GetString());
        var revoked = (await receiver.WaitForAsync("session.revoked")).Single().Envelope;
        Assert.Equal(SeedData.SupportId, revoked.GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal(RevokeReasons.MembershipRemoved, revoked.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(SeedData.StorefrontId, revoked.GetProperty("projectId").GetString());
        using var after = await Emulator.GetAsync("/v1/me/context", support.Access);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Logout_sends_session_revoked_with_the_session_and_the_reason()
    {
        await using var receiver = await RegisteredReceiverAsync();
        var login = await Emulator.LoginAsync("viewer@acme.test");
        var sessionId = await Emulator.WithDbAsync(db => Task.FromResult(db.Sessions.Single().Id));

        (await Emulator.PostAsync("/v1/auth/logout", null, login.Access)).Dispose();

        var data = (await receiver.WaitForAsync("session.revoked")).Single().Envelope.GetProperty("data");
        Assert.Equal(sessionId, data.GetProperty("sessionId").GetString());
        Assert.Equal(RevokeReasons.Logout, data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Sign_up_sends_user_created_and_an_accepted_invitation_sends_invitation_accepted()
    {
        await using var receiver = await RegisteredReceiverAsync();
        var token = await Arrange.InvitationAsync(Emulator, "newcomer@acme.test");

        using var registered = await Emulator.PostAsync("/v1/auth/register", new { email = "newcomer@acme.test", password = "Passw0rd!Passw0rd", invitationToken = token });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var created = (await receiver.WaitForAsync("user.created")).Single().Envelope.GetProperty("data");
        Assert.Equal("newcomer@acme.test", created.GetProperty("email").GetString());
        var accepted = (await receiver.WaitForAsync("invitation.accepted")).Single().Envelope;
        Assert.Equal(SeedData.BackOfficeId, accepted.GetProperty("projectId").GetString());
        Assert.Equal(created.GetProperty("userId").GetString(), accepted.GetProperty("data").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_the_same_event_and_body_and_the_log_shows_both_attempts()
    {
        await using var receiver = await RegisteredReceiverAsync();
        receiver.AnswerNext(500);
        var login = await Emulator.LoginAsync("viewer@acme.test");

        (await Emulator.PostAsync("/v1/auth/logout", null, login.Access)).Dispose();

        var attempts = await receiver.WaitForAsync("session.revoked", count: 2);
        Assert.Equal(attempts[0].RawBody, attempts[1].RawBody);
        var delivery = await DeliveryAsync(d => d.GetProperty("status").GetString() == "delivered");
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(204, delivery.GetProperty("lastResponseStatus").GetInt32());
        Assert.Equal(attempts[0].Envelope.GetProperty("id").GetString(), delivery.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task An_endpoint_gets_only_the_event_types_it_asked_for()
    {
        await using var receiver = await RegisteredReceiverAsync(events: ["member.roles_changed"]);
        var login = await Emulator.LoginAsync("viewer@acme.test");
        (await Emulator.PostAsync("/v1/auth/logout", null, login.Access)).Dispose();
        var owner = await OwnerInStorefrontAsync();

        (await Emulator.SendAsync(HttpMethod.Patch, "/v1/admin/members/" + SeedData.ViewerId, new { roleKeys = Support }, owner)).Dispose();

        await receiver.WaitForAsync("member.roles_changed");
        Assert.DoesNotContain(receiver.Received, r => r.Event == "session.revoked");
    }

    [Fact]
    public async Task Registering_an_endpoint_checks_its_fields_and_lists_it_without_the_secret()
    {
        using var bad = await Emulator.PostAsync("/_emulator/webhooks", new { url = "ftp://x", secret = "short", events = UnknownEvent });
        var problem = await Problem.AssertAsync(bad, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _) && errors.TryGetProperty("secret", out _) && errors.TryGetProperty("events", out _));

        using var made = await Emulator.PostAsync("/_emulator/webhooks", new { url = "http://127.0.0.1:9/hooks" });
        var shown = await made.Content.ReadFromJsonAsync<JsonElement>();
        var secret = shown.GetProperty("secret").GetString()!;
        var listed = await (await Emulator.GetAsync("/_emulator/webhooks")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9/hooks", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_endpoint_from_lamba_webhook_settings_receives_every_event()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.WebhookEndpointUrl = receiver.Url;
            options.WebhookSecret = Secret;
        });
        var login = await emulator.LoginAsync("viewer@acme.test");

        (await emulator.PostAsync("/v1/auth/logout", null, login.Access)).Dispose();

        await receiver.WaitForAsync("session.revoked");
    }

    private async Task<TestReceiver> RegisteredReceiverAsync(string[]? events = null)
    {
        var receiver = await TestReceiver.StartAsync();
        using var registered = await Emulator.PostAsync("/_emulator/webhooks", new { url = receiver.Url, secret = Secret, events });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return receiver;
    }

    private async Task<string> OwnerInStorefrontAsync() => (await Emulator.SwitchAsync((await Emulator.LoginAsync("owner@acme.test")).Access)).Access;

    private async Task<JsonElement> DeliveryAsync(Func<JsonElement, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            var log = await Emulator.GetJsonAsync("/_emulator/webhooks/deliveries");
            if (log.GetProperty("items").EnumerateArray().Where(match).ToArray() is [var found, ..])
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("No matching delivery in the log.");
    }
}
