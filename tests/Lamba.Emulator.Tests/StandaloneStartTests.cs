using System.Net;
using Lamba.Emulator.Hosting;

namespace Lamba.Emulator.Tests;

/// <summary>The standalone entry point (Program / the tool) as another team starts it.</summary>
[Trait(StoreTrait.Name, StoreTrait.OwnProcess)]
public sealed class StandaloneStartTests
{
    private const string CheapHashing = "--Emulator:PasswordHashIterations=1000";

    [Fact]
    public async Task Listens_where_urls_says_like_any_aspnetcore_app()
    {
        await using var running = await StartAsync("--urls", "http://127.0.0.1:0", CheapHashing);

        Assert.Equal("127.0.0.1", running.BaseAddress.Host);
        Assert.NotEqual(5080, running.BaseAddress.Port);
        await AssertAnswersJwksAsync(running);
    }

    [Fact]
    public async Task Still_accepts_the_emulator_urls_setting_as_an_alias()
    {
        await using var running = await StartAsync("--Emulator:Urls=http://127.0.0.1:0", CheapHashing);

        Assert.NotEqual(5080, running.BaseAddress.Port);
        await AssertAnswersJwksAsync(running);
    }

    [Fact]
    public void Short_options_become_emulator_settings_and_the_rest_passes_through()
    {
        var translated = EmulatorCommandLine.Translate(["--data", "/tmp/x", "--seed=t.json", "--dev", "--urls", "http://127.0.0.1:1"]);

        Assert.Equal(["--Emulator:DataDirectory", "/tmp/x", "--Emulator:SeedFile=t.json", "--Emulator:DevelopmentMode=true", "--urls", "http://127.0.0.1:1"], translated);
    }

    internal static async Task<RunningEmulator> StartAsync(params string[] args)
    {
        var app = EmulatorApp.Build(args);
        await app.StartAsync();
        return new RunningEmulator(app);
    }

    private static async Task AssertAnswersJwksAsync(RunningEmulator running)
    {
        using var http = new HttpClient { BaseAddress = running.BaseAddress };
        using var response = await http.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
