using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lamba.Emulator.Tests;

/// <summary>Signing keys kept in the data folder, and their rotation.</summary>
public sealed class SigningKeyTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "lamba-emulator-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    [Trait(StoreTrait.Name, StoreTrait.SqliteFile)]
    public async Task An_access_token_survives_a_restart_and_can_still_log_out_with_only_the_bearer_token()
    {
        int port;
        Tokens login;
        await using (var first = await TestEmulator.StartAsync(o => o.DataDirectory = dataDirectory))
        {
            port = first.Running.BaseAddress.Port;
            login = await first.LoginAsync("viewer@acme.test");
        }

        await using var second = await TestEmulator.StartAsync(o =>
        {
            o.DataDirectory = dataDirectory;
            o.Urls = $"http://127.0.0.1:{port}";
        });

        var context = await second.GetJsonAsync("/v1/me/context", login.Access);
        Assert.Equal("usr_viewer", context.GetProperty("user").GetProperty("id").GetString());
        using var logout = await second.PostAsync("/v1/auth/logout", null, login.Access);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await second.GetAsync("/v1/me/context", login.Access);
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task The_private_keys_file_is_readable_by_its_owner_only()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.DataDirectory = dataDirectory);

        var file = Path.Combine(dataDirectory, SigningKeys.FileName);

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task After_a_rotation_the_jwks_keeps_the_previous_key_for_one_access_token_lifetime()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.DataDirectory = dataDirectory);
        var before = await emulator.LoginAsync("viewer@acme.test");
        var oldKid = KidOf(before.Access);

        using var rotated = await emulator.PostAsync("/_emulator/keys/rotate", null);
        var newKid = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kid").GetString();
        var after = await emulator.LoginAsync("viewer@acme.test");

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(newKid, KidOf(after.Access));
        Assert.Equal([newKid!, oldKid], await JwksKidsAsync(emulator));
        await emulator.GetJsonAsync("/v1/me/context", before.Access);

        await emulator.AdvanceClockAsync(TimeSpan.FromMinutes(15));

        Assert.Equal([newKid!], await JwksKidsAsync(emulator));
    }

    [Fact]
    public async Task A_key_older_than_its_lifetime_is_rotated_on_the_next_sign_in()
    {
        await using var emulator = await TestEmulator.StartAsync(o =>
        {
            o.DataDirectory = dataDirectory;
            o.SigningKeyLifetime = TimeSpan.FromDays(1);
            o.RefreshTokenLifetime = TimeSpan.FromDays(10);
        });
        var first = await emulator.LoginAsync("viewer@acme.test");

        await emulator.AdvanceClockAsync(TimeSpan.FromDays(2));
        var second = await emulator.LoginAsync("viewer@acme.test");

        Assert.NotEqual(KidOf(first.Access), KidOf(second.Access));
        Assert.Equal([KidOf(second.Access), KidOf(first.Access)], await JwksKidsAsync(emulator));
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string KidOf(string token) => new JsonWebToken(token).Kid;

    private static async Task<string[]> JwksKidsAsync(TestEmulator emulator) =>
        [.. (await emulator.GetJsonAsync("/.well-known/jwks.json")).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
}
