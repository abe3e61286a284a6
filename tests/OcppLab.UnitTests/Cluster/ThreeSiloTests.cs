using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// Three silos in one process (Orleans TestingHost) with the fake per-silo sessions
/// (<see cref="FakeSiloSessions"/>), deployed once per fixture; calls are made from the silos
/// themselves, as the co-hosted gateway makes them.
/// </summary>
public abstract class ThreeSiloTests
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    protected TestCluster Silos { get; private set; } = null!;

    protected string ClusterId => Silos.Options.ClusterId;

    [OneTimeSetUp]
    public async Task Deploy()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<FakeSiloSessions.Configurator>();
        builder.AddClientBuilderConfigurator<FakeSiloSessions.ClientConfigurator>();
        Silos = builder.Build();
        await Silos.DeployAsync();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await Silos.DisposeAsync();

    /// <summary>A service of silo <paramref name="silo"/> (0–2).</summary>
    protected T On<T>(int silo)
        where T : notnull => ((InProcessSiloHandle)Silos.Silos[silo]).SiloHost.Services.GetRequiredService<T>();
}
