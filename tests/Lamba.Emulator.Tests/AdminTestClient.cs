using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

/// <summary>What the self-service and admin contract tests do over and over: sign in scoped, send JSON, read lists.</summary>
public static class AdminTestClient
{
    /// <summary>Signs in and switches into a Project environment; returns the scoped access token.</summary>
    public static async Task<string> ScopedAsync(this TestEmulator emulator, string login, string projectId = SeedData.StorefrontId, string environment = "test")
    {
        var tokens = await emulator.LoginAsync(login);
        return (await emulator.SwitchAsync(tokens.Access, projectId, environment)).Access;
    }

    /// <summary>The body of a member role change.</summary>
    public static object RoleKeys(params string[] keys) => new { roleKeys = keys };

    public static Task<HttpResponseMessage> PatchAsync(this TestEmulator emulator, string path, object body, string bearer) =>
        emulator.SendAsync(HttpMethod.Patch, path, body, bearer);

    public static Task<HttpResponseMessage> DeleteAsync(this TestEmulator emulator, string path, string bearer, object? body = null) =>
        emulator.SendAsync(HttpMethod.Delete, path, body, bearer);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A section 6 list: asserts the shape and gives the items and the next cursor.</summary>
    public static async Task<(JsonElement[] Items, string? NextCursor)> ListAsync(this TestEmulator emulator, string path, string bearer)
    {
        var json = await emulator.GetJsonAsync(path, bearer);
        Assert.Equal(["items", "nextCursor"], json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        return ([.. json.GetProperty("items").EnumerateArray()], json.GetProperty("nextCursor").GetString());
    }

    /// <summary>Every page of a list, following nextCursor until it is null.</summary>
    public static async Task<List<JsonElement>> AllPagesAsync(this TestEmulator emulator, string path, string bearer, int limit)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        do
        {
            var page = $"{path}{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (items, next) = await emulator.ListAsync(page, bearer);
            Assert.True(items.Length <= limit);
            Assert.True(next is null || items.Length == limit, "only the last page may be short");
            all.AddRange(items);
            cursor = next;
        }
        while (cursor is not null);

        return all;
    }

    /// <summary>Registers a fresh user (a Storefront test viewer) through the emailed link; returns their email and tokens.</summary>
    public static async Task<(string Email, Tokens Tokens)> RegisterAsync(this TestEmulator emulator, string name, string? displayName = null)
    {
        var email = $"{name}@example.test";
        using var response = await emulator.PostAsync("/v1/auth/register", new { email, password = TestEmulator.Password, displayName });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var verified = await emulator.PostAsync("/v1/auth/register/verify", new { token = await emulator.RegistrationTokenAsync(email) });
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        return (email, await Tokens.ReadAsync(verified));
    }

    /// <summary>The token of the newest sign-up link mailed to <paramref name="email"/>.</summary>
    public static async Task<string> RegistrationTokenAsync(this TestEmulator emulator, string email)
    {
        var message = (await emulator.OutboxAsync(email)).First(m => m.GetProperty("kind").GetString() == "registration-link");
        var link = message.GetProperty("link").GetString()!;
        Assert.StartsWith("/Register/Verify?token=", link, StringComparison.Ordinal);
        return Uri.UnescapeDataString(link["/Register/Verify?token=".Length..]);
    }

    public static async Task<string> UserIdAsync(this TestEmulator emulator, string bearer) =>
        (await emulator.GetJsonAsync("/v1/me/profile", bearer)).GetProperty("id").GetString()!;

    /// <summary>The admin-visible audit events of the caller's active context, newest first.</summary>
    public static async Task<JsonElement[]> AuditAsync(this TestEmulator emulator, string bearer, string query = "") =>
        (await emulator.ListAsync("/v1/admin/audit-events?limit=100" + query, bearer)).Items;
}
