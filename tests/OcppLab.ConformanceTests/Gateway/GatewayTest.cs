using NUnit.Framework.Interfaces;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Base of the gateway conformance tests: each test gets a tenant of its own and chargers with
/// identities of their own, so tests run in parallel against the shared gateway and peer. After
/// the test its chargers are stopped through the API and the peer must still have flagged nothing.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public abstract class GatewayTest
{
    public const string V16 = GatewayClient.Ocpp16;
    public const string V201 = GatewayClient.Ocpp201;

    private readonly List<SimulatedCharger> _chargers = [];
    private readonly List<StrictCsms> _ownPeers = [];

    protected GatewayClient Api { get; } = ConformanceEnvironment.Gateway.NewTenant();

    protected static StrictCsms Csms => ConformanceEnvironment.Csms;

    /// <summary>
    /// Configures the identity on the peer, creates the charger through the REST API with ws_url =
    /// the peer's endpoint, waits for provisioning READY and (unless told not to) for the boot.
    /// </summary>
    protected async Task<SimulatedCharger> NewChargerAsync(
        string version,
        IdentityConfig? config = null,
        StrictCsms? csms = null,
        int? securityProfile = null,
        string? authorizationKey = null,
        bool waitForBoot = true)
    {
        csms ??= Csms;
        var identity = $"CT-{(version == V16 ? "16" : "201")}-{Guid.NewGuid():N}";
        await csms.ConfigureIdentityAsync(identity, config ?? new IdentityConfig());
        var id = await Api.CreateChargerAsync(identity, version, csms.WsBase, securityProfile, authorizationKey);
        await Api.WaitUntilReadyAsync(id);
        var connectors = (await Api.GetChargerAsync(id))["number_of_connectors"]!.GetValue<int>();
        var charger = new SimulatedCharger(csms, Api, identity, id, version, connectors);
        _chargers.Add(charger);
        if (waitForBoot)
        {
            await charger.WaitUntilBootedAsync();
        }

        return charger;
    }

    /// <summary>A strict CSMS of this test's own, for what affects the whole CSMS (offline/online); stopped after the test.</summary>
    protected async Task<StrictCsms> OwnPeerAsync()
    {
        var peer = await StrictCsms.StartAsync();
        _ownPeers.Add(peer);
        return peer;
    }

    [TearDown]
    public async Task StopChargersAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        var dump = failed || Environment.GetEnvironmentVariable("CONFORMANCE_DUMP") == "1";
        var problems = new List<string>();
        foreach (var charger in _chargers)
        {
            try
            {
                using var response = await Api.Http.PostAsync(new Uri($"/ocpp/chargers/{charger.Id}/stop-charger", UriKind.Relative), null);
                if (dump)
                {
                    await TestContext.Out.WriteLineAsync($"--- {charger}: runtime {(await charger.RuntimeAsync()).ToJsonString()}");
                    await TestContext.Out.WriteLineAsync((await charger.TraceAsync()).ToString());
                    await TestContext.Out.WriteLineAsync("--- gateway log:\n" + string.Join('\n', ConformanceEnvironment.Gateway.Logs.About(charger.Id)));
                }

                // A stop must close cleanly too: nothing may be flagged up to the last frame.
                var violations = await charger.ViolationsAsync();
                problems.AddRange(violations.Select(v => v.ToString()));
            }
            catch (Exception ex) when (ex is StrictCsmsException or HttpRequestException or ObjectDisposedException)
            {
                await TestContext.Out.WriteLineAsync($"--- {charger}: clean-up failed: {ex.Message}");
            }
        }

        Api.Dispose();
        foreach (var peer in _ownPeers)
        {
            await peer.DisposeAsync();
        }

        if (!failed && problems.Count > 0)
        {
            Assert.Fail("The strict CSMS flagged violations:\n" + string.Join('\n', problems));
        }
    }

    /// <summary>A timestamp as both versions' schemas want it: UTC, milliseconds, Z.</summary>
    protected static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Asserts zero violations for every charger of the test so far.</summary>
    protected async Task AssertNoViolationsAsync()
    {
        foreach (var charger in _chargers)
        {
            await charger.AssertNoViolationsAsync();
        }
    }
}
