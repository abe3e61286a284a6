using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OcppLab.Infrastructure.Persistence;

/// <summary>For <c>dotnet ef</c>: each provider's context without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOcppLabDbContext>
{
    public SqliteOcppLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOcppLabDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerOcppLabDbContext>
{
    public SqlServerOcppLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerOcppLabDbContext>()
            .UseSqlServer("Server=localhost;Database=OcppLab;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlOcppLabDbContext>
{
    public PostgreSqlOcppLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlOcppLabDbContext>()
            .UseNpgsql("Host=localhost;Database=ocpplab;Username=ocpplab")
            .Options);
}
