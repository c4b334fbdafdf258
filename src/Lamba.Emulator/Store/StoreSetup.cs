using System.Data.Common;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lamba.Emulator.Store;

/// <summary>Where the SQLite file lives; a temporary file (no DatabasePath) is deleted when the emulator stops.</summary>
public sealed class StoreLocation : IDisposable
{
    public StoreLocation(EmulatorOptions options)
    {
        var path = options.DatabasePath is { Length: > 0 } file ? file
            : options.DataDirectory is { Length: > 0 } folder ? Path.Combine(folder, "lamba-emulator.db")
            : null;
        IsTemporary = path is null;
        FilePath = path is null
            ? Path.Combine(Path.GetTempPath(), $"lamba-emulator-{Guid.NewGuid():N}.db")
            : Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string FilePath { get; }

    public bool IsTemporary { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        if (!IsTemporary)
        {
            return;
        }

        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A straggling handle; the OS temp cleaner gets it.
            }
        }
    }
}

/// <summary>
/// Every connection waits for a busy database instead of failing (parallel refreshes, logins), and the file
/// runs in WAL mode so readers never block the writer. Writers are serialized by SQLite itself:
/// explicit transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), taking the write lock up front.
/// </summary>
public sealed class SqliteTuning : DbConnectionInterceptor
{
    // Two shared instances: EF Core caches one internal service provider per distinct interceptor set,
    // and a test run or a portal test suite starts many emulators in one process.
    private static readonly SqliteTuning Durable = new("NORMAL");
    private static readonly SqliteTuning Throwaway = new("OFF");

    private readonly string pragmas;

    private SqliteTuning(string synchronous) => pragmas = "PRAGMA busy_timeout = 15000; PRAGMA synchronous = " + synchronous + ";";

    /// <summary>A throwaway database needs no durability; a kept one gets WAL's usual NORMAL.</summary>
    public static SqliteTuning For(StoreLocation location) => location.IsTemporary ? Throwaway : Durable;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Creates the schema and the seed before the server accepts requests.</summary>
public sealed class StoreInitializer(IServiceScopeFactory scopes, TenantSeed seed, PasswordHasher hasher, EmulatorClock clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LambaDb>();
        if (db.Database.IsSqlite())
        {
            // WAL first (it creates the file), so building the schema does not pay a rollback journal per statement.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            await db.Database.EnsureCreatedAsync(cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        else
        {
            // PostgreSQL: creates the database when missing (the role needs CREATEDB), then the tables when it has none.
            await db.Database.EnsureCreatedAsync(cancellationToken);
        }

        await SchemaStamp.CheckAsync(db, cancellationToken);
        if (!await db.Workspaces.AnyAsync(cancellationToken))
        {
            await SeedData.ApplyAsync(db, seed, hasher, clock.GetUtcNow(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The schema is made by EnsureCreated, not migrations (see README: a stand-in's data is disposable, and one model
/// serves both SQLite and PostgreSQL). So that a database kept from another emulator version fails loudly instead of
/// half-working, its tables carry a stamp of the model that created them.
/// </summary>
public static class SchemaStamp
{
    public static async Task CheckAsync(LambaDb db, CancellationToken cancellationToken)
    {
        var expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(db.Database.GenerateCreateScript())))[..16];
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"EmulatorSchema\" (\"Hash\" text NOT NULL)", cancellationToken);
        var stamped = await db.Database.SqlQueryRaw<string>("SELECT \"Hash\" AS \"Value\" FROM \"EmulatorSchema\"").ToListAsync(cancellationToken);
        if (stamped.Count == 0)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"EmulatorSchema\" (\"Hash\") VALUES ({expected})", cancellationToken);
        }
        else if (!stamped.Contains(expected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                "This emulator database was created by a different emulator version (schema " + stamped[0] + ", expected " + expected + "). "
                + "Delete the SQLite file or drop the PostgreSQL database; the emulator creates a fresh one with the seed.");
        }
    }
}
