using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OcppLab.Infrastructure.Catalog;

namespace OcppLab.Infrastructure.Persistence;

/// <summary>
/// Creates and migrates the database and loads the catalog before anything else starts (it is the
/// first hosted service), so the workflow runner and the runtime never see an old schema.
/// </summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            RestrictFiles(db.Database.GetConnectionString());

            // WAL lets readers (the logs endpoint) run while the log writer commits.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            // On an empty PostgreSQL database EF reads the history table before creating it, and the
            // failed read is logged as an error at every first start: the table is created first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedAsync(cancellationToken);
        logger.LogInformation("Database ready ({Provider})", db.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Earlier versions left the database (which holds the chargers' keys) readable by everyone: an upgrade
    /// tightens it before SQLite opens it, so a -wal or -shm it creates inherits the owner-only mode.
    /// </summary>
    private void RestrictFiles(string? connectionString)
    {
        if (connectionString is null || SqliteConnectionStrings.FilePath(connectionString) is not { } path)
        {
            return;
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (PrivateFiles.Restrict(file))
            {
                logger.LogWarning("{File} was readable by other users; it is now owner-only (0600)", file);
            }
        }

        // A folder the gateway did not create may be shared on purpose (a home or /tmp): reported, not changed.
        var folder = Path.GetDirectoryName(path)!;
        if (PrivateFiles.IsShared(folder))
        {
            logger.LogInformation("The database folder {Folder} is accessible to other users (the files in it are not); chmod 700 it if it holds nothing else", folder);
        }
    }
}
