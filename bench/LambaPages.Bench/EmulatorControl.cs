using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LambaPages.Bench;

/// <summary>The emulator as the bench talks to it: its control routes (contract section 9) and the token calls the bare page's
/// "sign-in" needs (the bare page has no sign-in of its own: the bench puts a token from Lamba in its cookie).</summary>
internal sealed class EmulatorControl(HttpClient client)
{
    public async Task AdvanceClockAsync(int seconds, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("_emulator/clock", new { advanceSeconds = seconds }, cancellationToken);
        Functional.Expect(response.IsSuccessStatusCode, $"POST /_emulator/clock answered {(int)response.StatusCode}.");
    }

    public async Task FailAsync(string route, int status, int count, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("_emulator/faults", new { route, status, count }, cancellationToken);
        Functional.Expect(response.IsSuccessStatusCode, $"POST /_emulator/faults answered {(int)response.StatusCode}.");
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        using var response = await client.DeleteAsync("_emulator/faults", cancellationToken);
        Functional.Expect(response.IsSuccessStatusCode, $"DELETE /_emulator/faults answered {(int)response.StatusCode}.");
    }

    public async Task<long> RefreshesAsync(CancellationToken cancellationToken) =>
        (await StatsAsync(cancellationToken)).GetProperty("refreshes").GetInt64();

    public async Task<long> CallsAsync(string route, CancellationToken cancellationToken) =>
        (await StatsAsync(cancellationToken)).GetProperty("calls").TryGetProperty(route, out var count) ? count.GetInt64() : 0;

    /// <summary>A new user with the seeded password (a Storefront test viewer, as every registration is).</summary>
    public async Task<string> RegisterAsync(string email, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("v1/auth/register", new { email, password = BenchUsers.Password }, cancellationToken);
        Functional.Expect(response.StatusCode == HttpStatusCode.Created, $"POST /v1/auth/register answered {(int)response.StatusCode}.");
        return email;
    }

    /// <summary>An access token for <paramref name="login"/>, switched into the same context the portal switches to.</summary>
    public async Task<string> AccessTokenAsync(string login, CancellationToken cancellationToken)
    {
        using var signIn = await client.PostAsJsonAsync("v1/auth/login/password", new { login, password = BenchUsers.Password }, cancellationToken);
        Functional.Expect(signIn.IsSuccessStatusCode, $"POST /v1/auth/login/password answered {(int)signIn.StatusCode}.");
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sessions/switch-context")
        {
            Content = JsonContent.Create(new { workspaceId = BenchUsers.Workspace, projectId = BenchUsers.Project, environment = BenchUsers.Environment }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var switched = await client.SendAsync(request, cancellationToken);
        Functional.Expect(switched.IsSuccessStatusCode, $"POST /v1/sessions/switch-context answered {(int)switched.StatusCode}.");
        return (await switched.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString()!;
    }

    private async Task<JsonElement> StatsAsync(CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
}

/// <summary>The seeded identities the bench uses, and fresh ones so that no login exceeds the portal's per-login limit.</summary>
internal static class BenchUsers
{
    public const string Password = "Passw0rd!Passw0rd";
    public const string Owner = "owner@acme.test";
    public const string Workspace = "wrk_acme";
    public const string Project = "prj_storefront";
    public const string Environment = "test";

    private static int next;

    public static string NewEmail(string purpose) =>
        $"bench-{purpose}-{Interlocked.Increment(ref next)}-{Guid.NewGuid().ToString("N")[..8]}@bench.test";
}
