using OcppLab.FunctionalTests.Infrastructure;

// In the root namespace of the tests, so that it runs after every test of the assembly.
namespace OcppLab.FunctionalTests;

/// <summary>Stops the run's PostgreSQL server, if one was started, after the last test.</summary>
[SetUpFixture]
public sealed class PostgreSqlServerTeardown
{
    [OneTimeTearDown]
    public void StopServer() => PostgreSqlServer.Started?.Dispose();
}
