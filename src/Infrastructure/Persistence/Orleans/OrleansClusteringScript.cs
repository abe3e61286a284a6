namespace OcppLab.Infrastructure.Persistence.Orleans;

/// <summary>
/// The tables and stored queries of Orleans' ADO.NET clustering (OrleansQuery,
/// OrleansMembershipVersionTable, OrleansMembershipTable), one idempotent script per server
/// provider, embedded in this assembly. The gateway applies them itself, through the
/// <c>OrleansClustering</c> migration of each provider, so that a silo clustering on the gateway's
/// database finds them without anyone running a script by hand. SQLite has none: Orleans clustering
/// is for PostgreSQL and SQL Server deployments.
/// </summary>
public static class OrleansClusteringScript
{
    /// <summary>The tables the script creates.</summary>
    public static readonly IReadOnlyList<string> Tables = ["OrleansQuery", "OrleansMembershipVersionTable", "OrleansMembershipTable"];

    /// <summary>The query keys the Orleans clustering provider loads from OrleansQuery.</summary>
    public static readonly IReadOnlyList<string> QueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    public static string For(DatabaseProvider provider)
    {
        var name = provider switch
        {
            DatabaseProvider.PostgreSql => "PostgreSql-Clustering.sql",
            DatabaseProvider.SqlServer => "SqlServer-Clustering.sql",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Orleans clustering tables exist for PostgreSQL and SQL Server only."),
        };
        var resource = $"OcppLab.Infrastructure.Persistence.Orleans.{name}";
        using var stream = typeof(OrleansClusteringScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded script {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Undoes the script (the migration's Down): the tables, and on PostgreSQL its functions.</summary>
    public static string DropFor(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => """
            DROP TABLE IF EXISTS OrleansMembershipTable;
            DROP TABLE IF EXISTS OrleansMembershipVersionTable;
            DROP TABLE IF EXISTS OrleansQuery;
            DROP FUNCTION IF EXISTS ocpplab_orleans_insert_membership(varchar, varchar, integer, integer, varchar, varchar, integer, integer, timestamptz, timestamptz, integer);
            DROP FUNCTION IF EXISTS ocpplab_orleans_update_membership(varchar, varchar, integer, integer, integer, varchar, timestamptz, integer);
            """,
        DatabaseProvider.SqlServer => """
            DROP TABLE IF EXISTS OrleansMembershipTable;
            DROP TABLE IF EXISTS OrleansMembershipVersionTable;
            DROP TABLE IF EXISTS OrleansQuery;
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Orleans clustering tables exist for PostgreSQL and SQL Server only."),
    };
}
