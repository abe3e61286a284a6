using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OcppLab.Infrastructure.Persistence;
using OcppLab.Infrastructure.Persistence.Orleans;

namespace OcppLab.UnitTests.Persistence;

/// <summary>
/// Each provider's migrations match the model (no forgotten <c>dotnet ef migrations add</c>), and the
/// SQL Server and PostgreSQL sets script without a server (PostgreSQL's also run on a real
/// server in the functional tests: OrleansClusteringSchemaTests). Contexts come from the design-time factories, as
/// <c>dotnet ef</c> builds them; nothing here connects to a database.
/// </summary>
public sealed class MigrationsTests
{
    private static IEnumerable<TestCaseData> Contexts()
    {
        yield return new TestCaseData((Func<OcppLabDbContext>)(() => new SqliteDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("Sqlite");
        yield return new TestCaseData((Func<OcppLabDbContext>)(() => new SqlServerDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("SqlServer");
        yield return new TestCaseData((Func<OcppLabDbContext>)(() => new PostgreSqlDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("PostgreSql");
    }

    [TestCaseSource(nameof(Contexts))]
    public void The_model_has_no_changes_missing_from_the_migrations(Func<OcppLabDbContext> create)
    {
        using var context = create();

        Assert.That(context.Database.GetMigrations(), Is.Not.Empty);
        Assert.That(
            context.Database.HasPendingModelChanges(),
            Is.False,
            $"The {context.Provider} model differs from its migrations' snapshot: run dotnet ef migrations add for that provider.");
    }

    [TestCaseSource(nameof(Contexts))]
    public void Each_provider_keeps_its_own_migration_set(Func<OcppLabDbContext> create)
    {
        using var context = create();

        var migrationsAssembly = context.GetService<IMigrationsAssembly>();

        Assert.That(migrationsAssembly.ModelSnapshot, Is.Not.Null);
        Assert.That(migrationsAssembly.ModelSnapshot!.GetType().Namespace, Does.EndWith("Migrations." + context.Provider));
        Assert.That(migrationsAssembly.Migrations.Values.Select(t => t.Namespace), Has.All.EndWith("Migrations." + context.Provider));
    }

    [Test]
    public void The_SQL_Server_migrations_generate_a_script_without_a_server()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var migrator = context.GetService<IMigrator>();

        var script = migrator.GenerateScript();
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain("CREATE TABLE [chargers]"));
            Assert.That(script, Does.Contain("CREATE TABLE [workflow_runs]"));
            Assert.That(script, Does.Contain("CREATE TABLE [charger_logs]"));
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX [IX_chargers_OrganizationId_Identity]"));
            Assert.That(script, Does.Contain("__EFMigrationsHistory"));
            Assert.That(idempotent, Does.Contain("IF NOT EXISTS"));
        });
    }

    [Test]
    public void The_SQLite_migrations_generate_a_script()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.That(script, Does.Contain("CREATE TABLE \"chargers\""));
        Assert.That(script, Does.Contain("CREATE UNIQUE INDEX \"IX_chargers_OrganizationId_Identity\""));
    }

    /// <summary>
    /// The Orleans ADO.NET clustering tables come with the gateway's own migrations on both server
    /// providers: SQL Server is not run in the tests, so its script is checked here, whole and idempotent.
    /// </summary>
    [Test]
    public void The_SQL_Server_migrations_create_the_Orleans_clustering_tables_and_queries()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var migrator = context.GetService<IMigrator>();

        var script = migrator.GenerateScript();
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // The script is independent of the gateway's tables; it only has to be one of the migrations
        // (later gateway migrations may follow it).
        Assert.That(context.Database.GetMigrations().Count(m => m.EndsWith("_OrleansClustering", StringComparison.Ordinal)), Is.EqualTo(1),
            "one migration applies the Orleans clustering script");
        Assert.Multiple(() =>
        {
            foreach (var table in OrleansClusteringScript.Tables)
            {
                Assert.That(script, Does.Contain($"IF OBJECT_ID(N'{table}', N'U') IS NULL"), table);
                Assert.That(script, Does.Contain($"CREATE TABLE {table}"), table);
                Assert.That(idempotent, Does.Contain($"CREATE TABLE {table}"), table);
            }

            foreach (var key in OrleansClusteringScript.QueryKeys)
            {
                Assert.That(script, Does.Contain($"('{key}', '"), key);
            }

            Assert.That(script, Does.Contain("WHERE NOT EXISTS (SELECT 1 FROM OrleansQuery o WHERE o.QueryKey = q.QueryKey)"), "query rows are only added when missing");
            Assert.That(script, Does.Not.Contain("ocpplab_orleans_"), "the PostgreSQL functions stay in the PostgreSQL script");
        });
    }

    [Test]
    public void The_PostgreSQL_migrations_create_the_gateway_tables_and_the_Orleans_clustering_tables()
    {
        using var context = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain("CREATE TABLE charger_logs"));
            Assert.That(script, Does.Contain("\"Timestamp\" timestamp with time zone NOT NULL"));
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX \"IX_chargers_OrganizationId_Identity\""));
            foreach (var table in OrleansClusteringScript.Tables)
            {
                Assert.That(script, Does.Contain($"CREATE TABLE IF NOT EXISTS {table}"), table);
            }

            Assert.That(script, Does.Contain("CREATE OR REPLACE FUNCTION ocpplab_orleans_insert_membership("));
        });
    }

    [Test]
    public void There_is_no_Orleans_clustering_script_for_SQLite()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrleansClusteringScript.For(DatabaseProvider.Sqlite));
    }
}
