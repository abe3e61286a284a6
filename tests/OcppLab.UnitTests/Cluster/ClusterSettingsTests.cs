using System.Net;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// Issue 12 item 2: the embedded default needs no configuration and never collides; a cluster
/// setting that cannot work stops the start-up with a message naming it.
/// </summary>
public sealed class ClusterSettingsTests
{
    private const string SqlServer = "Server=db;Database=ocpplab;User Id=lab;Password=x;TrustServerCertificate=true";

    [Test]
    public void The_default_is_one_loopback_node_with_its_own_cluster_id_and_free_ports()
    {
        var one = ClusterHosting.Resolve(new ClusterHostingOptions(), DatabaseProvider.Sqlite, "Data Source=data/ocpplab.db");
        var two = ClusterHosting.Resolve(new ClusterHostingOptions(), DatabaseProvider.Sqlite, "Data Source=data/ocpplab.db");

        Assert.Multiple(() =>
        {
            Assert.That(one.Clustering, Is.EqualTo(ClusteringMode.Localhost));
            Assert.That(one.IsMultiNode, Is.False);
            Assert.That(one.ClusterId, Is.Not.EqualTo(two.ClusterId), "two embedded gateways never join each other");
            Assert.That(one.ServiceId, Is.EqualTo(one.ClusterId));
            Assert.That(one.SiloPort, Is.Zero, "a free port is taken at start-up");
            Assert.That(one.GatewayPort, Is.Zero, "no Orleans client gateway: the API is co-hosted");
            Assert.That(one.ListenAddress, Is.EqualTo(IPAddress.Loopback));
            Assert.That(one.AdvertisedAddress, Is.EqualTo(IPAddress.Loopback));
        });
    }

    [Test]
    public void AdoNet_on_SQL_Server_takes_its_invariant_and_the_gateway_s_connection_string()
    {
        var settings = ClusterHosting.Resolve(new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet }, DatabaseProvider.SqlServer, SqlServer);

        Assert.Multiple(() =>
        {
            Assert.That(settings.IsMultiNode, Is.True);
            Assert.That(settings.Invariant, Is.EqualTo("Microsoft.Data.SqlClient"));
            Assert.That(settings.ConnectionString, Is.EqualTo(SqlServer));
            Assert.That(settings.ClusterId, Is.EqualTo("ocpplab"), "every node of the database shares one cluster id");
        });
    }

    [Test]
    public void AdoNet_with_a_routable_address_listens_on_every_interface_and_advertises_it()
    {
        var settings = ClusterHosting.Resolve(
            new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet, AdvertisedAddress = "10.1.2.3", SiloPort = 11111, ClusterId = "lab" },
            DatabaseProvider.SqlServer,
            SqlServer);

        Assert.Multiple(() =>
        {
            Assert.That(settings.AdvertisedAddress, Is.EqualTo(IPAddress.Parse("10.1.2.3")));
            Assert.That(settings.ListenAddress, Is.EqualTo(IPAddress.Any));
            Assert.That(settings.SiloPort, Is.EqualTo(11111));
            Assert.That(settings.ClusterId, Is.EqualTo("lab"));
        });
    }

    [TestCase(DatabaseProvider.Sqlite, null, SqlServer, "PostgreSQL or SQL Server")]
    [TestCase(DatabaseProvider.SqlServer, "MySql.Data", SqlServer, "Cluster:Invariant 'MySql.Data' is not supported")]
    [TestCase(DatabaseProvider.SqlServer, null, "", "ConnectionStrings:OcppLab is empty")]
    public void An_AdoNet_cluster_that_cannot_work_is_refused_naming_the_setting(DatabaseProvider provider, string? invariant, string connectionString, string message)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ClusterHosting.Resolve(
            new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet, Invariant = invariant }, provider, connectionString));

        Assert.That(failure!.Message, Does.Contain(message));
    }

    /// <summary>The check follows the build: before the PostgreSQL provider ships it refuses, after it accepts.</summary>
    [Test]
    public void Npgsql_is_accepted_exactly_when_its_provider_ships()
    {
        var options = new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet, Invariant = "Npgsql" };
        const string Postgres = "Host=127.0.0.1;Database=ocpplab;Username=lab;Password=x";
        if (Type.GetType("Npgsql.NpgsqlFactory, Npgsql") is null)
        {
            Assert.That(
                () => ClusterHosting.Resolve(options, DatabaseProvider.SqlServer, Postgres),
                Throws.InvalidOperationException.With.Message.Contains("needs its ADO.NET provider"));
        }
        else
        {
            Assert.That(ClusterHosting.Resolve(options, DatabaseProvider.SqlServer, Postgres).Invariant, Is.EqualTo("Npgsql"));
        }
    }

    [Test]
    public void Bad_ports_and_addresses_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                () => ClusterHosting.Resolve(new ClusterHostingOptions { SiloPort = 70000 }, DatabaseProvider.Sqlite, null),
                Throws.InvalidOperationException.With.Message.Contains("Cluster:SiloPort"));
            Assert.That(
                () => ClusterHosting.Resolve(new ClusterHostingOptions { AdvertisedAddress = "not-an-ip" }, DatabaseProvider.Sqlite, null),
                Throws.InvalidOperationException.With.Message.Contains("Cluster:AdvertisedAddress"));
            Assert.That(
                () => ClusterHosting.Resolve(new ClusterHostingOptions { AdvertisedAddress = "10.0.0.5" }, DatabaseProvider.Sqlite, null),
                Throws.InvalidOperationException.With.Message.Contains("AdoNet clustering only"));
        });
    }

    [Test]
    public void Failure_detection_takes_the_lab_defaults_or_the_configured_values_and_refuses_impossible_ones()
    {
        var defaults = ClusterHosting.Resolve(new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet }, DatabaseProvider.SqlServer, SqlServer);
        var tuned = ClusterHosting.Resolve(
            new ClusterHostingOptions { Clustering = ClusteringMode.AdoNet, ProbeTimeout = TimeSpan.FromSeconds(5), MissedProbesLimit = 3, DeathVotes = 2 },
            DatabaseProvider.SqlServer,
            SqlServer);
        Assert.Multiple(() =>
        {
            Assert.That((defaults.ProbeTimeout, defaults.MissedProbesLimit, defaults.DeathVotes), Is.EqualTo((TimeSpan.FromSeconds(2), 2, 1)));
            Assert.That((tuned.ProbeTimeout, tuned.MissedProbesLimit, tuned.DeathVotes), Is.EqualTo((TimeSpan.FromSeconds(5), 3, 2)));
            foreach (var bad in new[]
                     {
                         new ClusterHostingOptions { ProbeTimeout = TimeSpan.Zero },
                         new ClusterHostingOptions { MissedProbesLimit = 0 },
                         new ClusterHostingOptions { DeathVotes = 0 },
                     })
            {
                Assert.That(
                    () => ClusterHosting.Resolve(bad, DatabaseProvider.Sqlite, null),
                    Throws.InvalidOperationException.With.Message.Contains("Cluster:ProbeTimeout"));
            }
        });
    }
}
