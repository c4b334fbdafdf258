using System.Data.Common;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

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

/// <summary>Migrates the schema and seeds an empty store before the server accepts requests.</summary>
public sealed class StoreInitializer(IServiceScopeFactory scopes, TenantSeed seed, PasswordHasher hasher, EmulatorClock clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LambaDb>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            // WAL first (it creates the file), so building the schema does not pay a rollback journal per statement.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        // On PostgreSQL this creates the database when missing (the role needs CREATEDB), then migrates it.
        await StoreMigrations.MigrateAsync(db, cancellationToken);
        if (sqlite)
        {
            await db.Database.CloseConnectionAsync();
        }

        if (!await db.Workspaces.AnyAsync(cancellationToken))
        {
            await SeedData.ApplyAsync(db, seed, hasher, clock.GetUtcNow(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Brings a database to this emulator's schema with EF Core migrations, one set per provider (Store/Migrations), so a
/// kept SQLite file or a team's shared PostgreSQL database keeps its data across emulator upgrades. A database this
/// version cannot migrate fails loudly instead of half-working: one made by a newer emulator, or one made before
/// migrations existed (tables, but no migration history).
/// </summary>
public static class StoreMigrations
{
    /// <summary>
    /// Ignored at run time: comparing the model with the migrations' snapshot costs every start (and tests start
    /// hundreds of emulators). <c>MigrationTests</c> proves instead that neither provider has pending model changes.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder db) =>
        db.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));

    public static async Task MigrateAsync(LambaDb db, CancellationToken cancellationToken)
    {
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var unknown = applied.Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The emulator database {Describe(db)} was migrated by a newer emulator version (its migration {unknown[^1]} is unknown to this one). "
                    + "Run that version, or delete the SQLite file or drop the PostgreSQL database; the emulator creates a fresh one with the seed.");
            }

            if (applied.Count == 0 && await HasUsersTableAsync(db, cancellationToken))
            {
                throw new InvalidOperationException(
                    $"The emulator database {Describe(db)} was created by an emulator version from before migrations (it has tables but no migration history). "
                    + "Delete the SQLite file or drop the PostgreSQL database; the emulator creates a fresh one with the seed.");
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Which database, so the fix can be applied to the right one: the SQLite file, or the PostgreSQL database and host.</summary>
    private static string Describe(LambaDb db)
    {
        var connection = db.Database.GetDbConnection();
        return db.Database.IsSqlite() ? $"\"{connection.DataSource}\"" : $"\"{connection.Database}\" on {connection.DataSource}";
    }

    private static async Task<bool> HasUsersTableAsync(LambaDb db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'Users'"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'Users'";
        return (await db.Database.SqlQueryRaw<int>(sql).ToListAsync(cancellationToken)).Single() > 0;
    }
}
