using Microsoft.Data.Sqlite;

namespace OcppLab.Infrastructure.Persistence;

internal static class SqliteConnectionStrings
{
    /// <summary>
    /// Makes a relative database file absolute (against the working directory) and creates its
    /// folder (0700) and the file (0600, empty) so a fresh clone can start without preparing anything.
    /// SQLite gives the -wal and -shm files the database's permission bits, so they are 0600 too.
    /// </summary>
    public static string Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source
            && !source.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(source);
            PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);
            if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
            {
                PrivateFiles.EnsureExists(path);
            }

            builder.DataSource = path;
        }

        // Writers wait for each other instead of failing with SQLITE_BUSY.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>The database file of a prepared connection string, or null for an in-memory database.</summary>
    public static string? FilePath(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.DataSource is { Length: > 0 } source
            && !source.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            && builder.Mode != SqliteOpenMode.Memory
                ? Path.GetFullPath(source)
                : null;
    }
}
