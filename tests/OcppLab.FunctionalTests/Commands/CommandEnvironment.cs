using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// One gateway on a real Kestrel port for the command tests, so that its chargers can reach the
/// built-in sandbox CSMS (and the scripted test CSMS) over real WebSockets. Every test uses a
/// tenant and chargers of its own, so the tests share it and run in parallel.
/// </summary>
[SetUpFixture]
public sealed class CommandEnvironment
{
    private static GatewayFactory? _gateway;

    public static GatewayFactory Gateway => _gateway ?? throw new InvalidOperationException("The command test environment is not set up.");

    /// <summary>ws://127.0.0.1:N/sandbox/csms — a charger appends "/{identity}".</summary>
    public static string SandboxUrl => Gateway.SandboxUrl;

    [OneTimeSetUp]
    public void Start()
    {
        _gateway = new GatewayFactory(kestrel: true);
        _gateway.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
