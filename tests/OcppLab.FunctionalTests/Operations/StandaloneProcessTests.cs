using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The gateway as a user runs a build of it: its own process, started from a directory that is not
/// its content root. It still reads the appsettings.json shipped next to it (so it logs), keeps its
/// data under the working directory, and stops cleanly on SIGTERM.
/// </summary>
[NonParallelizable]
public sealed class StandaloneProcessTests
{
    [SetUp]
    public void SqliteOnly() => TestDatabase.RequireSqlite("it runs the gateway with its shipped configuration, whose database is the SQLite default; the SQLite run covers it");

    [Test]
    public async Task Run_from_another_directory_it_logs_with_its_shipped_configuration_and_stops_on_sigterm()
    {
        await using var gateway = await GatewayProcess.StartAsync("standalone", new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(gateway.Lines, Has.Some.Contains("Now listening on"), "the gateway logs that it listens");
            Assert.That(gateway.Lines, Has.Some.Contains("Database ready (Sqlite)"), "the shipped Serilog configuration is in effect");
            Assert.That(File.Exists(Path.Combine(gateway.WorkingDirectory.FullName, "data", "ocpplab.db")), Is.True, "the database lives under the working directory");
        });

        Assert.That(await gateway.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, "a graceful stop");
    }
}
