using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Features.Login;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Admin;

/// <summary>Arrangements the admin tests share: other clients acting on the emulator, and slices run as a signed-in user.</summary>
internal static class AdminArrange
{
    /// <summary>An access token of <paramref name="login"/> in the given Project environment, straight from the emulator (another client, not the portal).</summary>
    public static async Task<string> TokenAsync(PortalHost host, string login, string projectId = "prj_storefront", string environment = "test")
    {
        using var signIn = await host.EmulatorClient.PostAsJsonAsync("v1/auth/login/password", new { login, password = PortalHost.Password });
        signIn.EnsureSuccessStatusCode();
        var unscoped = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sessions/switch-context")
        {
            Content = JsonContent.Create(new { workspaceId = "wrk_acme", projectId, environment }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", unscoped);
        using var switched = await host.EmulatorClient.SendAsync(request);
        switched.EnsureSuccessStatusCode();
        return (await switched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Sends an admin API call as the owner (Storefront test), as another admin's browser would.</summary>
    public static async Task<HttpResponseMessage> AsOwnerAsync(PortalHost host, HttpMethod method, string path, object? body = null)
    {
        var token = await TokenAsync(host, "owner@acme.test");
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.EmulatorClient.SendAsync(request);
    }

    public static async Task<string> UserIdAsync(PortalHost host, string email)
    {
        using var response = await AsOwnerAsync(host, HttpMethod.Get, "v1/admin/members?query=" + Uri.EscapeDataString(email));
        response.EnsureSuccessStatusCode();
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        return items.EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("userId").GetString()!;
    }

    /// <summary>Gives a member exactly these roles in Storefront test, as the owner.</summary>
    public static async Task SetRolesAsync(PortalHost host, string email, params string[] roleKeys)
    {
        var userId = await UserIdAsync(host, email);
        using var response = await AsOwnerAsync(host, HttpMethod.Patch, "v1/admin/members/" + userId, new { roleKeys });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How often the emulator served a route ("GET /v1/me/authorization"), 0 when never.</summary>
    public static async Task<long> CallsAsync(PortalHost host, string route) =>
        (await host.StatsAsync()).GetProperty("calls").TryGetProperty(route, out var count) ? count.GetInt64() : 0;

    /// <summary>Every admin API call the emulator served, by route.</summary>
    public static async Task<IReadOnlyList<string>> AdminCallsAsync(PortalHost host) =>
        (await host.StatsAsync()).GetProperty("calls").EnumerateObject()
            .Where(c => c.Name.Contains(" /v1/admin/", StringComparison.Ordinal))
            .Select(c => $"{c.Name} x{c.Value.GetInt64()}")
            .ToList();

    /// <summary>
    /// Runs one message of a slice the way a page does: in a request scope whose session holds <paramref name="login"/>'s
    /// tokens (signed in through the portal's own login slice, in the configured Storefront test context).
    /// </summary>
    public static Task<TResponse> SendAsAsync<TResponse>(PortalHost host, string login, Func<IMediator, ValueTask<TResponse>> send) =>
        RunAsAsync(host, login, services => send(services.GetRequiredService<IMediator>()).AsTask());

    /// <summary>As <see cref="SendAsAsync"/>, for a service of the request scope other than the mediator.</summary>
    public static async Task<TResponse> RunAsAsync<TResponse>(PortalHost host, string login, Func<IServiceProvider, Task<TResponse>> run)
    {
        LambaTokens tokens;
        using (var signIn = host.Portal.Services.CreateScope())
        {
            var result = await signIn.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new LoginCommand { Login = login, Password = PortalHost.Password });
            tokens = result.Tokens ?? throw new InvalidOperationException($"{login} could not sign in: {result.Status}");
        }

        using var scope = host.Portal.Services.CreateScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        try
        {
            scope.ServiceProvider.GetRequiredService<LambaSession>().SignIn(tokens);
            return await run(scope.ServiceProvider);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
