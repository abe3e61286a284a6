namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// Base of the test classes whose tests all share one gateway with the default settings: started
/// once before the class's first test and disposed after its last (each test still makes a tenant
/// of its own, so the tests do not see each other's data).
/// </summary>
public abstract class SharedGatewayTests
{
    /// <summary>The gateway of this class's tests.</summary>
    protected GatewayFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartGateway() => Factory = new GatewayFactory();

    [OneTimeTearDown]
    public async Task StopGateway() => await Factory.DisposeAsync();
}
