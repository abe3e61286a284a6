using Npgsql;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Persistence;
using OcppLab.Infrastructure.Persistence.Orleans;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The gateway's PostgreSQL migrations leave the database ready for Orleans' ADO.NET clustering: the
/// tables, every query the provider loads from OrleansQuery, and conditional writes that behave as
/// the provider relies on (a stale version or a duplicate silo changes nothing). The statements run
/// here exactly as the provider runs them: the text from OrleansQuery with its named parameters.
/// These run on the test PostgreSQL server whatever OCPPLAB_TEST_DATABASE says (SQL Server is
/// covered by the script checks of MigrationsTests).
/// </summary>
[NonParallelizable]
public sealed class OrleansClusteringSchemaTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private string _database = null!;
    private GatewayFactory _gateway = null!;

    [OneTimeSetUp]
    public async Task StartGatewayOnPostgreSql()
    {
        if (!PostgreSqlServer.IsInstalled && TestDatabase.Provider != DatabaseProvider.PostgreSql)
        {
            Assert.Ignore("PostgreSQL is not installed here (apt-get install postgresql; .ci/run does it)");
        }

        _database = PostgreSqlServer.Shared.CreateDatabase();
        _gateway = new GatewayFactory(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:OcppLab"] = _database,
        });
        using var client = _gateway.CreateClient();
        using var health = await client.GetAsync("/health/ready");
        Assert.That((int)health.StatusCode, Is.EqualTo(200), "the gateway started on PostgreSQL and migrated it");
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await _gateway.DisposeAsync();
        PostgreSqlServer.Shared.DropDatabase(_database);
    }

    [Test]
    public async Task The_migrated_database_has_the_Orleans_membership_tables_and_every_clustering_query()
    {
        await using var connection = await OpenAsync();

        var tables = await ListAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        var keys = await ListAsync(connection, "SELECT QueryKey FROM OrleansQuery");
        var migrations = await ListAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"");

        Assert.Multiple(() =>
        {
            Assert.That(tables, Is.SupersetOf(OrleansClusteringScript.Tables.Select(t => t.ToLowerInvariant())));
            Assert.That(tables, Does.Contain("charger_logs"));
            Assert.That(keys, Is.EquivalentTo(OrleansClusteringScript.QueryKeys));
            Assert.That(migrations, Has.Some.EndsWith("_OrleansClustering"));
        });
    }

    [Test]
    public async Task Membership_writes_succeed_only_on_the_current_version_and_a_failed_one_changes_nothing()
    {
        await using var connection = await OpenAsync();
        var cluster = $"cluster-{Guid.NewGuid():N}";

        Assert.That(await ScalarAsync<bool>(connection, "InsertMembershipVersionKey", ("DeploymentId", cluster)), Is.True, "the version row is created");
        Assert.That(await ScalarAsync<bool>(connection, "InsertMembershipVersionKey", ("DeploymentId", cluster)), Is.False, "and only once");

        Assert.That(await InsertSiloAsync(connection, cluster, generation: 1, version: 0), Is.True, "a silo joins on the current version");
        Assert.That(await InsertSiloAsync(connection, cluster, generation: 2, version: 0), Is.False, "a stale version is refused");
        Assert.That(await InsertSiloAsync(connection, cluster, generation: 1, version: 1), Is.False, "the same silo is not added twice");
        Assert.That(await VersionAsync(connection, cluster), Is.EqualTo(1), "the refused insert of a duplicate silo left the version as it was");

        Assert.That(await UpdateSiloAsync(connection, cluster, generation: 9, status: 3, version: 1), Is.False, "a missing silo is not updated");
        Assert.That(await VersionAsync(connection, cluster), Is.EqualTo(1), "and the version was not bumped");
        Assert.That(await UpdateSiloAsync(connection, cluster, generation: 1, status: 3, version: 1), Is.True, "the silo becomes active");

        var rows = await ReadAllAsync(connection, cluster);
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Version, Is.EqualTo(2));
            Assert.That(rows[0].Status, Is.EqualTo(3));
            Assert.That(rows[0].StartTime, Is.EqualTo(Start), "timestamps come back as the UTC instants written");
            Assert.That(rows[0].StartTime.Kind, Is.EqualTo(DateTimeKind.Utc));
        });

        var gateways = await ListAsync(connection, Query(connection, "GatewaysQueryKey"), ("DeploymentId", cluster), ("Status", 3));
        Assert.That(gateways, Is.EqualTo(new[] { "10.0.0.1" }), "an active silo with a proxy port is a gateway");
    }

    [Test]
    public async Task An_empty_cluster_reads_as_its_version_row_and_dead_silos_are_cleaned_up()
    {
        await using var connection = await OpenAsync();
        var cluster = $"cluster-{Guid.NewGuid():N}";
        await ScalarAsync<bool>(connection, "InsertMembershipVersionKey", ("DeploymentId", cluster));

        var empty = await ReadAllAsync(connection, cluster);
        Assert.That(empty, Has.Count.EqualTo(1), "one row: the version, with no silo");
        Assert.That(empty[0].StartTime, Is.EqualTo(default(DateTime)));

        Assert.That(await InsertSiloAsync(connection, cluster, generation: 1, version: 0), Is.True);
        Assert.That(await UpdateSiloAsync(connection, cluster, generation: 1, status: 6, version: 1), Is.True, "the silo is declared dead");
        await ExecuteAsync(connection, "CleanupDefunctSiloEntriesKey", ("DeploymentId", cluster), ("IAmAliveTime", Start.AddHours(1)));

        var after = await ReadAllAsync(connection, cluster);
        Assert.That(after, Has.Count.EqualTo(1));
        Assert.That(after[0].StartTime, Is.EqualTo(default(DateTime)), "the dead silo is gone, the version stays");
        Assert.That(after[0].Version, Is.EqualTo(2));
    }

    [Test]
    public async Task The_clustering_script_can_run_again_on_a_migrated_database_without_changing_it()
    {
        await using var connection = await OpenAsync();
        var before = await ListAsync(connection, "SELECT QueryKey || ':' || md5(QueryText) FROM OrleansQuery ORDER BY QueryKey");

        await using (var again = new NpgsqlCommand(OrleansClusteringScript.For(DatabaseProvider.PostgreSql), connection))
        {
            await again.ExecuteNonQueryAsync();
        }

        var after = await ListAsync(connection, "SELECT QueryKey || ':' || md5(QueryText) FROM OrleansQuery ORDER BY QueryKey");
        Assert.That(after, Is.EqualTo(before));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        return connection;
    }

    private static Task<bool> InsertSiloAsync(NpgsqlConnection connection, string cluster, int generation, int version) =>
        ScalarAsync<bool>(
            connection,
            "InsertMembershipKey",
            ("DeploymentId", cluster), ("Address", "10.0.0.1"), ("Port", 11111), ("Generation", generation),
            ("SiloName", "silo-1"), ("HostName", "host-1"), ("Status", 2), ("ProxyPort", 30000),
            ("StartTime", Start), ("IAmAliveTime", Start), ("Version", version));

    private static Task<bool> UpdateSiloAsync(NpgsqlConnection connection, string cluster, int generation, int status, int version) =>
        ScalarAsync<bool>(
            connection,
            "UpdateMembershipKey",
            ("DeploymentId", cluster), ("Address", "10.0.0.1"), ("Port", 11111), ("Generation", generation),
            ("Status", status), ("SuspectTimes", DBNull.Value), ("IAmAliveTime", Start.AddMinutes(1)), ("Version", version));

    private static async Task<int> VersionAsync(NpgsqlConnection connection, string cluster) =>
        (await ReadAllAsync(connection, cluster))[0].Version;

    private static async Task<List<(int Version, int Status, DateTime StartTime)>> ReadAllAsync(NpgsqlConnection connection, string cluster)
    {
        await using var command = Command(connection, Query(connection, "MembershipReadAllKey"), ("DeploymentId", cluster));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int, DateTime)>();
        while (await reader.ReadAsync())
        {
            var startTime = reader.GetOrdinal("StartTime");
            rows.Add((
                Convert.ToInt32(reader.GetValue(reader.GetOrdinal("Version"))),
                reader.IsDBNull(reader.GetOrdinal("Status")) ? -1 : reader.GetInt32(reader.GetOrdinal("Status")),
                reader.IsDBNull(startTime) ? default : reader.GetDateTime(startTime)));
        }

        return rows;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string key, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, Query(connection, key), parameters);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"{key} returns a row");
        Assert.That(reader.FieldCount, Is.EqualTo(1), $"{key} returns a single column, as the provider requires");
        return (T)Convert.ChangeType(reader.GetValue(0), typeof(T));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string key, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, Query(connection, key), parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static string Query(NpgsqlConnection connection, string key)
    {
        using var command = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", connection);
        command.Parameters.AddWithValue("key", key);
        return (string)(command.ExecuteScalar() ?? throw new AssertionException($"OrleansQuery has no {key}."));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            // As the provider binds them: by name, typed by the CLR value.
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
