using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// One gateway and one strict CSMS for every test in this namespace. Tests never share an
/// identity, so they run in parallel; a test that needs the whole CSMS (offline/online) starts a
/// peer of its own. Chargers reach the peer over its real port through their ws_url.
/// </summary>
[SetUpFixture]
public sealed class ConformanceEnvironment
{
    // Disposed in StopAsync, with a deadline the analyzer does not recognise as a dispose.
#pragma warning disable NUnit1032
    private static ConformanceGateway? _gateway;
#pragma warning restore NUnit1032
    private static StrictCsms? _csms;

    public static ConformanceGateway Gateway => _gateway ?? throw new InvalidOperationException("The conformance environment is not set up.");

    public static StrictCsms Csms => _csms ?? throw new InvalidOperationException("The conformance environment is not set up.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var peer = StrictCsms.StartAsync();
        try
        {
            // Builds the host now (while the peer starts): the first test should not pay for it inside its deadlines.
            _gateway = new ConformanceGateway();
            await Task.Run(() => _gateway.Server);
        }
        finally
        {
            // Kept even if the gateway failed, so that the tear-down stops the peer.
            _csms = await peer;
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_csms is not null)
        {
            // The peer goes first: a gateway that hangs below must not leave a node process behind.
            await _csms.DisposeAsync();
        }

        if (_gateway is not null)
        {
            // A runtime that cannot stop its chargers fails the run instead of hanging it.
            await _gateway.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
