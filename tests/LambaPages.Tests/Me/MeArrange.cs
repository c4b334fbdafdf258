using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Me;

/// <summary>
/// A signed-in request scope for slice tests: the portal's own services, an HttpContext whose session holds the
/// user's tokens (as the cookies would), so handlers reach Lamba through the real Refit clients and bearer handler.
/// </summary>
public sealed class SignedInScope : IDisposable
{
    private readonly IServiceScope scope;

    private SignedInScope(IServiceScope scope) => this.scope = scope;

    public IMediator Mediator => scope.ServiceProvider.GetRequiredService<IMediator>();

    public IServiceProvider Services => scope.ServiceProvider;

    public LambaSession Session => scope.ServiceProvider.GetRequiredService<LambaSession>();

    /// <summary>Synchronous on purpose: the HttpContext accessor is an AsyncLocal, visible only below the frame that sets it.</summary>
    public static SignedInScope Open(PortalHost host, LambaTokens tokens)
    {
        var scope = host.Portal.Services.CreateScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<LambaSession>().SignIn(tokens);
        return new SignedInScope(scope);
    }

    public void Dispose() => scope.Dispose();
}

/// <summary>Users and tokens for the Me tests: each test registers its own user, so no test sees another's changes.</summary>
public static class MeArrange
{
    public static string UniqueEmail(string prefix = "me") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>
    /// Registers a fresh user straight at the emulator (as another client would) and returns its email. The session
    /// register opens is logged out again, so the user starts with no live session and tests count only their own.
    /// </summary>
    public static async Task<string> RegisterAsync(PortalHost host, string? email = null, string? username = null, string? displayName = null)
    {
        email ??= UniqueEmail();
        using var response = await host.EmulatorClient.PostAsJsonAsync("v1/auth/register", new { email, password = PortalHost.Password, username, displayName });
        Assert.True(response.IsSuccessStatusCode, $"register answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var verified = await host.EmulatorClient.PostAsJsonAsync("v1/auth/register/verify", new { token = await SignUpLink.TokenAsync(host, email) });
        Assert.True(verified.IsSuccessStatusCode, $"register/verify answered {(int)verified.StatusCode}: {await verified.Content.ReadAsStringAsync()}");
        var tokens = (await verified.Content.ReadFromJsonAsync<LambaTokens>())!;

        using var logout = new HttpRequestMessage(HttpMethod.Post, "v1/auth/logout") { Content = JsonContent.Create(new { refreshToken = tokens.RefreshToken }) };
        logout.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var loggedOut = await host.EmulatorClient.SendAsync(logout);
        Assert.True(loggedOut.IsSuccessStatusCode, $"logout answered {(int)loggedOut.StatusCode}");
        return email;
    }

    /// <summary>Signs in through the portal's login slice (so the configured context is entered) and returns the tokens.</summary>
    public static async Task<LambaTokens> SignInAsync(PortalHost host, string login, string password = PortalHost.Password, string? mfaCode = null)
    {
        using var scope = host.Portal.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new LoginCommand { Login = login, Password = password, MfaCode = mfaCode });
        Assert.Equal(SignInStatus.SignedIn, result.Status);
        return result.Tokens!;
    }

    /// <summary>The latest code the emulator "sent" to <paramref name="to"/>.</summary>
    public static async Task<string> LatestCodeAsync(PortalHost host, string to)
    {
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>($"_emulator/outbox?to={Uri.EscapeDataString(to)}");
        return outbox.GetProperty("items")[0].GetProperty("code").GetString()!;
    }

    /// <summary>Status of GET /v1/me/context with a raw access token: 200 while the session lives, 401 once it ended.</summary>
    public static async Task<int> ContextStatusAsync(PortalHost host, string accessToken)
    {
        using var response = await host.GetContextWithTokenAsync(accessToken);
        return (int)response.StatusCode;
    }
}
