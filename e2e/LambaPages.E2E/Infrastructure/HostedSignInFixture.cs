using System.Net.Http.Json;

namespace LambaPages.E2E.Infrastructure;

/// <summary>
/// The portal with hosted sign-in (LAMBA_CLIENT_ID = the seeded public client app_lambapages) and a webhook secret;
/// the emulator delivers its webhooks to the portal's receiver once <see cref="EnsureWebhooksAsync"/> registered it.
/// </summary>
public sealed class HostedSignInAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["LAMBA_CLIENT_ID"] = "app_lambapages",
    ["LAMBA_WEBHOOK_SECRET"] = WebhookSecret,
})
{
    public const string WebhookSecret = "whsec_e2e_hosted_sign_in_0123456789";

    private string? endpointId;

    /// <summary>Registers the portal's /webhooks/lamba with the emulator (once; reset keeps endpoints).</summary>
    public async Task EnsureWebhooksAsync()
    {
        if (endpointId is not null)
        {
            return;
        }

        using var response = await EmulatorClient.PostAsJsonAsync(
            new Uri("_emulator/webhooks", UriKind.Relative), new { url = new Uri(PortalAddress, "webhooks/lamba").ToString(), secret = WebhookSecret });
        response.EnsureSuccessStatusCode();
        endpointId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
    }

    /// <summary>Unregisters it, to measure what the portal does without webhooks.</summary>
    public async Task StopWebhooksAsync()
    {
        if (endpointId is null)
        {
            return;
        }

        using var response = await EmulatorClient.DeleteAsync(new Uri("_emulator/webhooks/" + endpointId, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        endpointId = null;
    }
}

[CollectionDefinition(Name)]
public sealed class HostedSignInCollectionDefinition : ICollectionFixture<HostedSignInAppFixture>
{
    public const string Name = "Portal with hosted sign-in and webhooks";
}
