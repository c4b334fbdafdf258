using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Infrastructure;

/// <summary>What the sign-in method tests read from the emulator and send through the portal's mediator.</summary>
internal static partial class Emulator
{
    /// <summary>The newest magic link or phone code the emulator "sent" to <paramref name="to"/>, or null.</summary>
    public static async Task<JsonElement?> LatestMessageAsync(this PortalHost host, string to)
    {
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>($"_emulator/outbox?to={Uri.EscapeDataString(to)}");
        var items = outbox.GetProperty("items");
        return items.GetArrayLength() == 0 ? null : items[0];
    }

    public static async Task<int> OutboxCountAsync(this PortalHost host, string to)
    {
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>($"_emulator/outbox?to={Uri.EscapeDataString(to)}");
        return outbox.GetProperty("items").GetArrayLength();
    }

    public static async Task<Uri> MagicLinkAsync(this PortalHost host, string email)
    {
        var message = await host.LatestMessageAsync(email);
        Assert.True(message is not null, $"No magic link in the outbox for {email}.");
        return new Uri(message.Value.GetProperty("link").GetString()!);
    }

    /// <summary>The invitation link ("/Register?invitationToken=...") the emulator "sent" to <paramref name="email"/>.</summary>
    public static async Task<string> InvitationLinkAsync(this PortalHost host, string email)
    {
        var message = await host.LatestMessageAsync(email);
        Assert.True(message is not null, $"No invitation in the outbox for {email}.");
        return message.Value.GetProperty("link").GetString()!;
    }

    public static async Task<string> PhoneCodeAsync(this PortalHost host, string phone)
    {
        var message = await host.LatestMessageAsync(phone);
        Assert.True(message is not null, $"No code in the outbox for {phone}.");
        return message.Value.GetProperty("code").GetString()!;
    }

    /// <summary>How often the emulator served "METHOD /route" (0 when never).</summary>
    public static async Task<long> CallsAsync(this PortalHost host, string route)
    {
        var calls = (await host.StatsAsync()).GetProperty("calls");
        return calls.TryGetProperty(route, out var count) ? count.GetInt64() : 0;
    }

    public static async Task<TResult> SendAsync<TResult>(this PortalHost host, ICommand<TResult> command)
    {
        using var scope = host.Portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public static async Task<JsonElement> ContextOfAsync(this PortalHost host, string accessToken)
    {
        using var response = await host.GetContextWithTokenAsync(accessToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The page with its antiforgery values (hidden field and cookie-bound token) blanked out.</summary>
    public static string WithoutAntiforgery(string html) => AntiforgeryValue().Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\"");

    /// <summary>A unique phone number in E.164 that ends in <paramref name="lastFour"/>.</summary>
    public static string NewPhone(string lastFour = "0123") =>
        "+1" + Random.Shared.Next(200, 999).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + Random.Shared.Next(200, 999).ToString(System.Globalization.CultureInfo.InvariantCulture) + lastFour;

    public static string NewEmail(string prefix = "new") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>The whole &lt;input&gt; tag named <paramref name="name"/> (attributes in any order).</summary>
    public static string InputTag(string html, string name)
    {
        var match = Regex.Match(html, $"""<input[^>]*\bname="{Regex.Escape(name)}"[^>]*>""");
        Assert.True(match.Success, $"The page has no input named {name}.");
        return match.Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}
