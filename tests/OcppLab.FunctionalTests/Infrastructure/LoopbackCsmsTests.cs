namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// Base of the test classes whose chargers connect to one loopback CSMS (<see cref="TestCsms"/>)
/// started once for the class and stopped after its last test.
/// </summary>
public abstract class LoopbackCsmsTests
{
    /// <summary>The CSMS of this class's tests; each test uses identities of its own.</summary>
    protected TestCsms Csms { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartCsms() => Csms = await TestCsms.StartAsync();

    [OneTimeTearDown]
    public async Task StopCsms() => await Csms.DisposeAsync();
}
