using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lamba.Emulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace MinimalApi.Tests;

/// <summary>The minimal-API sample, built on Lamba.AspNetCore alone, signing real users in against the emulator.</summary>
public sealed partial class MinimalApiTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Password = "Passw0rd!Passw0rd";

    private RunningEmulator emulator = null!;
    private SampleFactory sample = null!;

    public async Task InitializeAsync()
    {
        emulator = await EmulatorApp.StartAsync(new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0", DevelopmentMode = true, PasswordHashIterations = 1_000,
        });
        sample = new SampleFactory(emulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await sample.DisposeAsync();
        await emulator.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task Signs_in_with_a_password_and_shows_the_users_context()
    {
        var browser = new Browser(sample);
        var signIn = await browser.SignInAsync("owner@acme.test", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var home = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var context = JsonDocument.Parse(await home.Content.ReadAsStringAsync());
        Assert.Equal("owner@acme.test", context.RootElement.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("prj_storefront", context.RootElement.GetProperty("activeProject").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Refuses_a_wrong_password_without_starting_a_session()
    {
        var browser = new Browser(sample);
        var signIn = await browser.SignInAsync("owner@acme.test", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("__Host-lamba", StringComparison.Ordinal));
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task Sends_an_anonymous_visitor_to_the_login_page_with_the_way_back()
    {
        var home = await new Browser(sample).GetAsync("/members-area");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fmembers-area", home.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Opens_the_members_area_only_to_a_user_whose_role_grants_members_read()
    {
        var owner = new Browser(sample);
        await owner.SignInAsync("owner@acme.test", Password);
        var viewer = new Browser(sample);
        await viewer.SignInAsync("viewer@acme.test", Password);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/members-area")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/members-area")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The sample pointed at the emulator through the contract's settings, as a deployment would be.</summary>
    private sealed class SampleFactory(Uri lamba) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("LAMBA_CUSTOMER_AUTH_BASE_URL", lamba.ToString());
            builder.UseSetting("LAMBA_CUSTOMER_API_BASE_URL", lamba.ToString());
            builder.UseSetting("LAMBA_CUSTOMER_WORKSPACE_ID", "wrk_acme");
            builder.UseSetting("LAMBA_CUSTOMER_PROJECT_ID", "prj_storefront");
            builder.UseSetting("LAMBA_CUSTOMER_ENV", "test");
        }
    }

    /// <summary>One browser over https (the session cookies are Secure), its own cookie jar, no automatic redirects.</summary>
    private sealed class Browser(SampleFactory sample)
    {
        private readonly HttpClient client = sample.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });

        private readonly Dictionary<string, string> jar = new(StringComparer.Ordinal);

        public async Task<HttpResponseMessage> SignInAsync(string login, string password)
        {
            var form = await (await GetAsync("/login")).Content.ReadAsStringAsync();
            var token = AntiforgeryField().Match(form).Groups[1].Value;
            return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["login"] = login, ["password"] = password,
                }),
            });
        }

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var cookie in SetCookieHeaderValue.ParseList(setCookies.ToList()))
                {
                    if (cookie.Value.Length == 0)
                    {
                        jar.Remove(cookie.Name.Value!);
                    }
                    else
                    {
                        jar[cookie.Name.Value!] = cookie.Value.Value!;
                    }
                }
            }

            return response;
        }
    }
}
