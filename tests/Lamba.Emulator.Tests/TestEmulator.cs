using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lamba.Emulator.Tests;

/// <summary>The token shape as a client reads it (snake_case on the wire).</summary>
public sealed record Tokens(string Access, string Refresh, DateTimeOffset AccessExpiresAt, DateTimeOffset RefreshExpiresAt, string TokenType)
{
    public static async Task<Tokens> ReadAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Tokens(
            json.GetProperty("access_token").GetString()!,
            json.GetProperty("refresh_token").GetString()!,
            json.GetProperty("access_token_expires_at").GetDateTimeOffset(),
            json.GetProperty("refresh_token_expires_at").GetDateTimeOffset(),
            json.GetProperty("token_type").GetString()!);
    }
}

/// <summary>A real emulator on a free loopback port with a fresh temporary database, and an HttpClient for it.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string Password = SeedData.Password;

    private TestEmulator(RunningEmulator running)
    {
        Running = running;
        Http = new HttpClient { BaseAddress = running.BaseAddress };
    }

    public RunningEmulator Running { get; }

    public HttpClient Http { get; private set; }

    public EmulatorClock Clock => Running.Services.GetRequiredService<EmulatorClock>();

    /// <summary>
    /// Set by <c>scripts/emulator-tests-on-postgres.sh</c> to a PostgreSQL server's connection string: every emulator
    /// of this run then gets its own fresh database on that server instead of a temporary SQLite file.
    /// </summary>
    public const string PostgresVariable = "LAMBA_EMULATOR_TEST_POSTGRES";

    /// <summary>Test defaults: port 0, temporary database (SQLite, or PostgreSQL in the PostgreSQL pass), cheap password hashing.</summary>
    public static EmulatorOptions Options(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DatabasePath = null, DevelopmentMode = true, PasswordHashIterations = 1_000 };
        if (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server)
        {
            options.ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "lamba_test_" + Guid.NewGuid().ToString("N") }.ConnectionString;
        }

        configure?.Invoke(options);
        return options;
    }

    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync);

    /// <summary>
    /// Gives a PostgreSQL test database its schema by copying a template made once per test run: a copy costs a
    /// fraction of the migration's forty-odd DDL statements, and every test starts an emulator or two.
    /// </summary>
    private static async Task PreparePostgresDatabaseAsync(EmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        var template = await PostgresTemplate.Value;
        var database = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).Database!;
        // FILE_COPY, not PostgreSQL 15's default WAL_LOG: the test server runs with fsync off, so copying the template's
        // files beats writing every page of it to the WAL (median 296 -> 202 ms per database over the 428 of a run).
        await ExecuteOnServerAsync(options.ConnectionString, $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\" STRATEGY = FILE_COPY");
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable)!;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "lamba_template_" + Guid.NewGuid().ToString("N"), Pooling = false };
        var db = new PostgresLambaDb(new DbContextOptionsBuilder<PostgresLambaDb>().UseNpgsql(builder.ConnectionString).Options);
        await using (db)
        {
            await StoreMigrations.MigrateAsync(db, CancellationToken.None);
        }

        return builder.Database;
    }

    private static async Task ExecuteOnServerAsync(string connectionString, string sql)
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a PostgreSQL test database once its emulator has stopped.</summary>
    internal static async Task DropPostgresDatabaseAsync(EmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        await using (var pooled = new Npgsql.NpgsqlConnection(options.ConnectionString))
        {
            Npgsql.NpgsqlConnection.ClearPool(pooled);
        }

        var database = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).Database!;
        await ExecuteOnServerAsync(options.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = Options(configure);
        await PreparePostgresDatabaseAsync(options);
        return new(await EmulatorApp.StartAsync(options));
    }

    /// <summary>For tests that add their own routes (an exception, an admin-gated probe) before the server starts.</summary>
    public static async Task<TestEmulator> StartAsync(Action<WebApplication> addRoutes, Action<EmulatorOptions>? configure = null)
    {
        var options = Options(configure);
        await PreparePostgresDatabaseAsync(options);
        var app = EmulatorApp.Build(options);
        addRoutes(app);
        await app.StartAsync();
        return new TestEmulator(new RunningEmulator(app));
    }

    /// <summary>Runs work against the emulator's database, for arranging state no endpoint of this surface creates.</summary>
    public async Task<T> WithDbAsync<T>(Func<LambaDb, Task<T>> work)
    {
        await using var scope = Running.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LambaDb>());
    }

    public Task WithDbAsync(Func<LambaDb, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    public Task<HttpResponseMessage> PostAsync(string path, object? body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, path, body, bearer);

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, null, bearer);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? bearer = null, Action<HttpRequestMessage>? tweak = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        else if (method == HttpMethod.Post && path.StartsWith("/_emulator", StringComparison.Ordinal))
        {
            // Control POSTs take JSON only (no HTML form can reach them); "nothing to say" is {}.
            request.Content = JsonContent.Create(new { });
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        tweak?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public async Task<Tokens> LoginAsync(string login, string password = Password, string? mfaCode = null)
    {
        using var response = await PostAsync("/v1/auth/login/password", new { login, password, mfaCode });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Tokens.ReadAsync(response);
    }

    public async Task<Tokens> SwitchAsync(string accessToken, string projectId = SeedData.StorefrontId, string environment = "test")
    {
        using var response = await PostAsync("/v1/sessions/switch-context", new { workspaceId = SeedData.WorkspaceId, projectId, environment }, accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Tokens.ReadAsync(response);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string? bearer = null)
    {
        using var response = await GetAsync(path, bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The outbox for one recipient, newest first.</summary>
    public async Task<JsonElement[]> OutboxAsync(string to) =>
        [.. (await GetJsonAsync("/_emulator/outbox?to=" + Uri.EscapeDataString(to))).GetProperty("items").EnumerateArray()];

    /// <summary>
    /// Back to the seed through the control route (data, clock, faults, counters, attempt limits), and a new client, so
    /// that no cookie of an earlier test is sent.
    /// </summary>
    public async Task ResetAsync()
    {
        using (var response = await PostAsync("/_emulator/reset", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Http.Dispose();
        Http = new HttpClient { BaseAddress = Running.BaseAddress };
    }

    public async Task AdvanceClockAsync(TimeSpan by)
    {
        using var response = await PostAsync("/_emulator/clock", new { advanceSeconds = by.TotalSeconds });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var options = Running.Services.GetRequiredService<EmulatorOptions>();
        await Running.DisposeAsync();
        await DropPostgresDatabaseAsync(options);
    }
}

/// <summary>
/// Base for a test class: the class shares one emulator (<see cref="ClassEmulator"/>, an xunit class fixture), put back
/// to its seed through <c>POST /_emulator/reset</c> before each test after the first, with a fresh client (no cookies
/// carried over). Starting an emulator costs about ten times a reset (a host, a store, the seed), and the tests of a
/// class run one after another. A class whose tests leave state a reset does not clear (webhook endpoints and their
/// delivery log) says so with <see cref="FreshEmulatorPerTest"/>.
/// </summary>
public abstract class EmulatorTest(ClassEmulator shared) : IClassFixture<ClassEmulator>, IAsyncLifetime
{
    private TestEmulator? emulator;

    protected TestEmulator Emulator => emulator ?? throw new InvalidOperationException("Not started.");

    /// <summary>Options of the class's emulator (applied when it starts, so once per class).</summary>
    protected virtual void Configure(EmulatorOptions options)
    {
    }

    /// <summary>True where each test needs an emulator of its own: state outside what a reset puts back.</summary>
    protected virtual bool FreshEmulatorPerTest => false;

    public async Task InitializeAsync() =>
        emulator = FreshEmulatorPerTest ? await TestEmulator.StartAsync(Configure) : await shared.ForNextTestAsync(Configure);

    public async Task DisposeAsync()
    {
        if (FreshEmulatorPerTest && emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }
}

/// <summary>The emulator a test class shares: started for its first test, reset for each one after, stopped after its last.</summary>
public sealed class ClassEmulator : IAsyncLifetime
{
    private TestEmulator? emulator;

    public async Task<TestEmulator> ForNextTestAsync(Action<EmulatorOptions> configure)
    {
        if (emulator is null)
        {
            return emulator = await TestEmulator.StartAsync(configure);
        }

        await emulator.ResetAsync();
        return emulator;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }
}

public static class Problem
{
    /// <summary>Asserts an RFC 7807 answer with the contract's errorCode and a traceId; returns the body for more checks.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {errorCode}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(errorCode, json.GetProperty("errorCode").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("traceId").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.True(json.TryGetProperty("type", out _));
        return json;
    }

    /// <summary>The body without its per-request traceId, for "same answer either way" comparisons.</summary>
    public static async Task<string> BodyWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return "";
        }

        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(text)!;
        json.Remove("traceId");
        return JsonSerializer.Serialize(json);
    }
}

public static class JsonElementExtensions
{
    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

/// <summary>The trait that keeps a test out of the PostgreSQL pass (scripts/emulator-tests-on-postgres.sh runs the rest).</summary>
public static class StoreTrait
{
    public const string Name = "Store";

    /// <summary>About the SQLite file itself, or a restart on one file: on PostgreSQL every start gets its own database.</summary>
    public const string SqliteFile = "sqlite-file";

    /// <summary>Runs the emulator as its own process (the tool, a standalone start), which takes no test database.</summary>
    public const string OwnProcess = "own-process";
}
