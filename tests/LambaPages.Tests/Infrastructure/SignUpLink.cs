using System.Net.Http.Json;
using System.Text.Json;

namespace LambaPages.Tests.Infrastructure;

/// <summary>The sign-up link ("/Register/Verify?token=...") the emulator mailed to a new address.</summary>
public static class SignUpLink
{
    public const string PathAndQueryStart = "/Register/Verify?token=";

    public static async Task<string> LinkAsync(PortalHost host, string email)
    {
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>($"_emulator/outbox?to={Uri.EscapeDataString(email)}");
        var message = outbox.GetProperty("items").EnumerateArray().FirstOrDefault(m => m.GetProperty("kind").GetString() == "registration-link");
        Assert.True(message.ValueKind == JsonValueKind.Object, $"No sign-up link in the outbox for {email}.");
        var link = message.GetProperty("link").GetString()!;
        Assert.StartsWith(PathAndQueryStart, link, StringComparison.Ordinal);
        return link;
    }

    public static async Task<string> TokenAsync(PortalHost host, string email) =>
        Uri.UnescapeDataString((await LinkAsync(host, email))[PathAndQueryStart.Length..]);
}
