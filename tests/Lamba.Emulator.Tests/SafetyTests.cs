using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lamba.Emulator.Hosting;

namespace Lamba.Emulator.Tests;

/// <summary>Safe by default: the control surface exists only when asked for, only for this machine, only from code.</summary>
public sealed class SafetyTests
{
    private const string CheapHashing = "--Emulator:PasswordHashIterations=1000";
    private const string Token = "a-control-token-long-enough";

    [Fact]
    public async Task A_standalone_emulator_in_Production_answers_404_on_the_control_routes()
    {
        await using var running = await StandaloneStartTests.StartAsync("--urls", "http://127.0.0.1:0", "--environment", "Production", CheapHashing);
        using var http = new HttpClient { BaseAddress = running.BaseAddress };

        using var outbox = await http.GetAsync(new Uri("/_emulator/outbox", UriKind.Relative));
        using var reset = await http.PostAsJsonAsync("/_emulator/reset", new { });

        await Problem.AssertAsync(outbox, HttpStatusCode.NotFound, "NOT_FOUND");
        await Problem.AssertAsync(reset, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production", "--dev")]
    public async Task Development_mode_follows_the_environment_unless_dev_is_given(string environment, string? flag = null)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--environment", environment, CheapHashing, .. flag is null ? Array.Empty<string>() : [flag]];
        await using var running = await StandaloneStartTests.StartAsync(args);
        using var http = new HttpClient { BaseAddress = running.BaseAddress };

        using var outbox = await http.GetAsync(new Uri("/_emulator/outbox", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", false, null)]
    [InlineData("http://+:0", true, null)]
    [InlineData("http://*:0", true, "short")]
    [InlineData("http://127.0.0.1:0;http://192.0.2.10:0", false, Token)]
    public void Refuses_a_non_loopback_address_without_allow_remote_and_a_control_token(string urls, bool allowRemote, string? token)
    {
        var options = TestEmulator.Options(o =>
        {
            o.Urls = urls;
            o.AllowRemote = allowRemote;
            o.ControlToken = token;
        });

        var error = Assert.Throws<InvalidOperationException>(() => EmulatorApp.Build(options));

        Assert.Contains("--allow-remote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_control_token_every_control_call_must_carry_it()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.ControlToken = Token);

        using var missing = await emulator.GetAsync("/_emulator/outbox");
        using var wrong = await emulator.SendAsync(HttpMethod.Get, "/_emulator/outbox", null, tweak: r => r.Headers.Add(ControlGuard.TokenHeader, Token + "x"));
        using var right = await emulator.SendAsync(HttpMethod.Get, "/_emulator/outbox", null, tweak: r => r.Headers.Add(ControlGuard.TokenHeader, Token));
        using var resetWithout = await emulator.PostAsync("/_emulator/reset", null);

        await Problem.AssertAsync(missing, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        await Problem.AssertAsync(resetWithout, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await emulator.LoginAsync("viewer@acme.test");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "advanceSeconds=3600")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    [InlineData("text/plain", "{\"advanceSeconds\":3600}")]
    [InlineData(null, "")]
    public async Task A_control_post_that_an_html_form_could_send_is_refused(string? contentType, string body)
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Post, "/_emulator/clock", null, tweak: r =>
        {
            r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                r.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        });

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "VALIDATION_FAILED");
        Assert.Equal(TimeSpan.Zero, emulator.Clock.Offset);
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("app.localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("emulator", HttpStatusCode.OK)]
    [InlineData("emulator.evil.example", HttpStatusCode.BadRequest)]
    public async Task Answers_only_loopback_names_ip_literals_and_configured_hosts(string host, HttpStatusCode expected)
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AllowedHosts = "emulator, lamba.internal");

        using var outbox = await emulator.SendAsync(HttpMethod.Get, "/_emulator/outbox", null, tweak: r => r.Headers.Host = host + ":" + emulator.Running.BaseAddress.Port);
        using var jwks = await emulator.SendAsync(HttpMethod.Get, "/.well-known/jwks.json", null, tweak: r => r.Headers.Host = host);

        Assert.Equal(expected, outbox.StatusCode);
        Assert.Equal(expected, jwks.StatusCode);
    }
}
