using Microsoft.Data.Sqlite;

namespace OcppLab.Infrastructure.Persistence;

internal static class SqliteConnectionStrings
{
    /// <summary>
    /// Makes a relative database file absolute (against the working directory) and creates its
    /// folder, so a fresh clone can start without preparing anything.
    /// </summary>
    public static string Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source
            && !source.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(source);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        // Writers wait for each other instead of failing with SQLITE_BUSY.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
