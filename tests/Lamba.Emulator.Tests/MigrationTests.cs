using Lamba.Emulator.Store;
using Lamba.Emulator.Store.Migrations;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

/// <summary>
/// The store's schema comes from EF Core migrations, one set per provider: both sets follow the model, a started
/// store records every migration, and a database this version cannot migrate is refused with the fix to apply.
/// </summary>
public sealed class MigrationTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public void Neither_provider_has_model_changes_left_without_a_migration()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "Run scripts/add-emulator-migration.sh <Name>: the SQLite migrations lag the model.");
        Assert.False(postgres.Database.HasPendingModelChanges(), "Run scripts/add-emulator-migration.sh <Name>: the PostgreSQL migrations lag the model.");
        Assert.Equal(
            sqlite.Database.GetMigrations().Select(NameOf),
            postgres.Database.GetMigrations().Select(NameOf));
    }

    [Fact]
    public async Task A_started_store_has_applied_every_migration()
    {
        var (applied, known) = await Emulator.WithDbAsync(async db =>
            ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList()));

        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_emulator_is_refused_with_the_fix()
    {
        await using var file = new EmptyStore();
        await using (var db = file.Open())
        {
            await StoreMigrations.MigrateAsync(db, CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0')");
        }

        await using var again = file.Open();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreMigrations.MigrateAsync(again, CancellationToken.None));

        Assert.Contains("migrated by a newer emulator version", refused.Message, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromTheFuture", refused.Message, StringComparison.Ordinal);
        Assert.Contains("delete the SQLite file or drop the PostgreSQL database", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_before_migrations_is_refused_instead_of_half_migrated()
    {
        await using var file = new EmptyStore();
        await using (var db = file.Open())
        {
            await db.Database.EnsureCreatedAsync();
        }

        await using var again = file.Open();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreMigrations.MigrateAsync(again, CancellationToken.None));

        Assert.Contains("from before migrations", refused.Message, StringComparison.Ordinal);
        var connection = again.Database.GetDbConnection();
        Assert.Contains(again.Database.IsSqlite() ? connection.DataSource : connection.Database, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await again.Database.GetAppliedMigrationsAsync());
    }

    private static string NameOf(string migrationId) => migrationId[(migrationId.IndexOf('_', StringComparison.Ordinal) + 1)..];

    /// <summary>
    /// A database of the test's own, opened without an emulator: a SQLite file, or in the PostgreSQL pass a database on
    /// that server (created by the first migration or EnsureCreated). Removed at the end.
    /// </summary>
    private sealed class EmptyStore : IAsyncDisposable
    {
        private readonly EmulatorOptions options = TestEmulator.Options();
        private readonly string sqlitePath = Path.Combine(Path.GetTempPath(), $"lamba-migrations-{Guid.NewGuid():N}.db");

        public LambaDb Open() => options.UsesPostgres
            ? new PostgresLambaDb(new DbContextOptionsBuilder<PostgresLambaDb>().UseNpgsql(options.ConnectionString).Options)
            : new SqliteLambaDb(new DbContextOptionsBuilder<SqliteLambaDb>().UseSqlite($"Data Source={sqlitePath}").Options);

        public async ValueTask DisposeAsync()
        {
            if (options.UsesPostgres)
            {
                await TestEmulator.DropPostgresDatabaseAsync(options);
                return;
            }

            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlitePath}"))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
            }

            File.Delete(sqlitePath);
        }
    }
}
