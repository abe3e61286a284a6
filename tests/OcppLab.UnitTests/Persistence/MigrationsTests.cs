using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Persistence;

/// <summary>
/// Each provider's migrations match the model (no forgotten <c>dotnet ef migrations add</c>), and the
/// SQL Server set scripts without a server. Contexts come from the design-time factories, as
/// <c>dotnet ef</c> builds them; nothing here connects to a database.
/// </summary>
public sealed class MigrationsTests
{
    private static IEnumerable<TestCaseData> Contexts()
    {
        yield return new TestCaseData((Func<OcppLabDbContext>)(() => new SqliteDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("Sqlite");
        yield return new TestCaseData((Func<OcppLabDbContext>)(() => new SqlServerDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("SqlServer");
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
}
