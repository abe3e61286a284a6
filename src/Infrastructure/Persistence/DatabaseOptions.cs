namespace OcppLab.Infrastructure.Persistence;

/// <summary>Section <c>Database</c>: which provider; the connection string is <c>ConnectionStrings:OcppLab</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "OcppLab";
    public const string DefaultSqliteConnectionString = "Data Source=data/ocpplab.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQL Server and PostgreSQL: how many times a transient failure is retried.</summary>
    public int MaxRetryCount { get; set; } = 5;

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
