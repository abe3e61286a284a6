using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Infrastructure;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Persistence;

/// <summary>
/// <c>Database:Provider</c> picks the context, and the server providers get a retrying execution
/// strategy and refuse to start without a connection string (nothing here connects).
/// </summary>
public sealed class DatabaseProviderTests
{
    [TestCase("SqlServer")]
    [TestCase("PostgreSql")]
    public void A_server_provider_without_a_connection_string_stops_the_start_up_naming_the_setting(string provider)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(provider, connectionString: null));

        Assert.That(error!.Message, Does.Contain($"Database:Provider is {provider}").And.Contain("ConnectionStrings:OcppLab is empty"));
    }

    [Test]
    public void PostgreSql_gets_its_own_context_and_retries_transient_failures()
    {
        using var services = Build("PostgreSql", "Host=127.0.0.1;Database=ocpplab;Username=ocpplab");
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();

        Assert.That(db, Is.InstanceOf<PostgreSqlOcppLabDbContext>());
        Assert.That(db.Provider, Is.EqualTo(DatabaseProvider.PostgreSql));
        Assert.That(db.Database.ProviderName, Is.EqualTo("Npgsql.EntityFrameworkCore.PostgreSQL"));
        Assert.That(db.GetService<IExecutionStrategyFactory>().Create().RetriesOnFailure, Is.True);
    }

    [Test]
    public void An_unknown_provider_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Build("Oracle", "x"));
    }

    private static ServiceProvider Build(string provider, string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:OcppLab"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure(configuration);
        return services.BuildServiceProvider();
    }
}
