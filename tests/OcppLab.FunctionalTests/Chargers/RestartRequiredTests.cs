using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>
/// §2.5: connection changes of a running charger wait for its next start, and runtime.restart_required
/// says so. The runtime is a stand-in that reports "connected" for every started charger, so the
/// test does not depend on a CSMS.
/// </summary>
public sealed class RestartRequiredTests
{
    private readonly FakeRuntime _runtime = new();
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway() => _factory = new GatewayFactory(configureServices: services =>
    {
        services.RemoveAll<IChargerRuntime>();
        services.AddSingleton<IChargerRuntime>(_runtime);
    });

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    private async Task<(HttpClient Client, string Id)> RunningChargerAsync(string identity)
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync(identity);
        var status = await client.WaitForProvisioningAsync(id);
        Assert.That(status.Str("status"), Is.EqualTo("READY"));
        Assert.That(_runtime.IsRunning(id), Is.True, "READY means the runtime was started");
        return (client, id);
    }

    [TestCase("ws_url", "ws://another-csms.example.test/ocpp")]
    [TestCase("ocpp_version", "OCPP2.0.1")]
    [TestCase("security_profile", 1)]
    [TestCase("authorization_key", "a-new-secret-key-000")]
    public async Task Changing_how_a_running_charger_connects_requires_a_restart(string field, object value)
    {
        var (client, id) = await RunningChargerAsync($"CP-RR-{field}".Replace("_", "-", StringComparison.Ordinal));
        var body = new Dictionary<string, object> { [field] = value };
        if (field == "security_profile")
        {
            body["authorization_key"] = "0123456789abcdef";
        }

        var updated = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", body)).ExpectJsonAsync(200);

        Assert.That(updated["runtime"]!["restart_required"]!.GetValue<bool>(), Is.True);
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"]!["restart_required"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Renaming_moving_or_setting_the_same_connection_requires_no_restart()
    {
        var (client, id) = await RunningChargerAsync("CP-RR-NAME");
        var location = await client.CreateLocationIdAsync("Elsewhere");

        var updated = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new
        {
            charge_point_name = "Renamed", location_id = location, connector_type = "CHAdeMO", ws_url = GatewayApi.WsUrl, ocpp_version = "ocpp1.6",
        })).ExpectJsonAsync(200);

        Assert.That(updated["runtime"]!["restart_required"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task A_stopped_charger_takes_connection_changes_without_a_restart()
    {
        var (client, id) = await RunningChargerAsync("CP-RR-STOPPED");
        await _runtime.StopAsync(id, CancellationToken.None);

        var updated = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = "ws://another-csms.example.test/ocpp" })).ExpectJsonAsync(200);

        Assert.That(updated["runtime"]!["restart_required"]!.GetValue<bool>(), Is.False);
        Assert.That(updated.Str("ws_url"), Is.EqualTo("ws://another-csms.example.test/ocpp"));
    }

    private sealed class FakeRuntime : IChargerRuntime
    {
        private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.Ordinal);

        public bool RunsChargers => true;

        public bool IsRunning(string chargerId) => _running.ContainsKey(chargerId);

        public Task<RuntimeState?> GetStateAsync(string chargerId, CancellationToken cancellationToken) =>
            Task.FromResult(_running.ContainsKey(chargerId)
                ? new RuntimeState(RuntimeStateName.Connected, BootStatusName.Accepted, DateTimeOffset.UtcNow, null, [])
                : null);

        public async Task<IReadOnlyDictionary<string, RuntimeState>> GetStatesAsync(IReadOnlyCollection<string> chargerIds, CancellationToken cancellationToken)
        {
            var states = new Dictionary<string, RuntimeState>(StringComparer.Ordinal);
            foreach (var id in chargerIds)
            {
                if (await GetStateAsync(id, cancellationToken) is { } state)
                {
                    states[id] = state;
                }
            }

            return states;
        }

        public Task StartAsync(string chargerId, CancellationToken cancellationToken)
        {
            _running[chargerId] = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(string chargerId, CancellationToken cancellationToken)
        {
            _running.TryRemove(chargerId, out _);
            return Task.CompletedTask;
        }

        public Task RestartAsync(string chargerId, CancellationToken cancellationToken) => StartAsync(chargerId, cancellationToken);
    }
}
