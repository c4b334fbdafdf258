using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lamba.Emulator.Store.Migrations;

// For `dotnet ef migrations add <Name> --context SqliteLambaDb|PostgresLambaDb` (README, "Changing the schema"):
// each provider's context without a running emulator. Adding a migration opens no connection.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLambaDb>
{
    public SqliteLambaDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLambaDb>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLambaDb>
{
    public PostgresLambaDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLambaDb>().UseNpgsql("Host=127.0.0.1;Database=lamba_design_time").Options);
}
