using Microsoft.EntityFrameworkCore;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// Which database the functional tests run the gateway on: <c>OCPPLAB_TEST_DATABASE</c> = <c>Sqlite</c>
/// (the default, a file per gateway) or <c>PostgreSql</c> (a database per gateway on the run's
/// <see cref="PostgreSqlServer"/>). A test database is named by a string: the file path on SQLite,
/// the connection string on PostgreSQL.
/// </summary>
public static class TestDatabase
{
    public const string EnvironmentVariable = "OCPPLAB_TEST_DATABASE";

    public static DatabaseProvider Provider { get; } = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>A new, empty database (a file path that does not exist yet on SQLite; a created database on PostgreSQL).</summary>
    public static string Create()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            return PostgreSqlServer.Shared.CreateDatabase();
        }

        var folder = Path.Combine(Path.GetTempPath(), "ocpplab-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    /// <summary>The gateway's <c>ConnectionStrings:OcppLab</c> for <paramref name="database"/>.</summary>
    public static string ConnectionString(string database) =>
        Provider == DatabaseProvider.PostgreSql ? database : $"Data Source={database}";

    /// <summary>A context on <paramref name="database"/> that needs no running gateway (to inspect or stage rows).</summary>
    public static OcppLabDbContext Open(string database) => Provider switch
    {
        DatabaseProvider.PostgreSql => new PostgreSqlOcppLabDbContext(
            new DbContextOptionsBuilder<PostgreSqlOcppLabDbContext>().UseNpgsql(database).Options),
        _ => new SqliteOcppLabDbContext(
            new DbContextOptionsBuilder<SqliteOcppLabDbContext>().UseSqlite($"Data Source={database};Default Timeout=30").Options),
    };

    /// <summary>Deletes a database: the file and its WAL companions, or drops the PostgreSQL database.</summary>
    public static void Delete(string database)
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            PostgreSqlServer.Started?.DropDatabase(database);
            return;
        }

        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS temp cleaner.
            }
        }
    }

    /// <summary>The settings that put a gateway process on <paramref name="database"/>.</summary>
    public static Dictionary<string, string> Settings(string database) => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:OcppLab"] = ConnectionString(database),
    };

    /// <summary>
    /// Holds the frame log's table so that no frame can be written until the result is disposed: SQLite's
    /// database-wide write lock (BEGIN IMMEDIATE), or on PostgreSQL an EXCLUSIVE lock on charger_logs
    /// (which COPY and INSERT wait for; reads go on).
    /// </summary>
    public static async Task<IAsyncDisposable> HoldLogWritesAsync(string database)
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.PostgreSql
            ? new Npgsql.NpgsqlConnection(database)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = Provider == DatabaseProvider.PostgreSql
                ? "BEGIN; LOCK TABLE charger_logs IN EXCLUSIVE MODE;"
                : "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        return new WriteHold(connection);
    }

    private sealed class WriteHold(System.Data.Common.DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }

    /// <summary>Skips the calling test on any provider but SQLite, saying why.</summary>
    public static void RequireSqlite(string reason)
    {
        if (!IsSqlite)
        {
            Assert.Ignore($"SQLite only: {reason}");
        }
    }

    private static DatabaseProvider Parse(string? value) => value switch
    {
        null or "" => DatabaseProvider.Sqlite,
        _ when Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && provider != DatabaseProvider.SqlServer => provider,
        _ => throw new InvalidOperationException($"{EnvironmentVariable}='{value}': use Sqlite or PostgreSql."),
    };
}
