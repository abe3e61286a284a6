using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Simulator;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// The sessions of one test silo: what the charger grains asked of it, recorded. A "session"
/// here is an entry; the grain semantics under test (where it opens, how often, when it closes)
/// do not depend on what a session does on the wire.
/// </summary>
public sealed class FakeSiloSessions(string silo) : ILocalChargerSessions
{
    private static readonly ConcurrentDictionary<string, FakeSiloSessions> BySilo = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, StrongBox<int>> InProgress = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, StrongBox<int>> MostInProgress = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.Ordinal);

    /// <summary>A start of a charger id listed here waits for its gate (to hold a start in flight).</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> StartGates { get; } = new(StringComparer.Ordinal);

    /// <summary>The most starts of a charger id that were in progress at once, over every silo.</summary>
    public static int MaxStartsInProgress(string chargerId) =>
        MostInProgress.TryGetValue(chargerId, out var most) ? Volatile.Read(ref most.Value) : 0;

    public string Silo { get; } = silo;

    /// <summary>What the grains did here, in order ("start CP-1", "stop CP-1").</summary>
    public ConcurrentQueue<string> Journal { get; } = new();

    public static FakeSiloSessions For(string clusterId, string siloName) =>
        BySilo.GetOrAdd($"{clusterId}/{siloName}", key => new FakeSiloSessions(key));

    /// <summary>The sessions of one charger over every silo of a cluster.</summary>
    public static int RunningCount(string clusterId, string chargerId) =>
        BySilo.Where(s => s.Key.StartsWith(clusterId + "/", StringComparison.Ordinal)).Count(s => s.Value.IsRunningHere(chargerId));

    public static int StartsOf(string clusterId, string chargerId) =>
        BySilo.Where(s => s.Key.StartsWith(clusterId + "/", StringComparison.Ordinal))
            .Sum(s => s.Value.Journal.Count(e => e == $"start {chargerId}"));

    public string NodeId => Silo;

    public bool IsRunningHere(string chargerId) => _running.ContainsKey(chargerId);

    public string[] RunningHere() => [.. _running.Keys];

    public int RunningHereCount => _running.Count;

    public async Task StartHereAsync(string chargerId, CancellationToken cancellationToken)
    {
        if (_running.ContainsKey(chargerId))
        {
            return;
        }

        var inProgress = InProgress.GetOrAdd(chargerId, _ => new StrongBox<int>());
        var now = Interlocked.Increment(ref inProgress.Value);
        InterlockedMax(ref MostInProgress.GetOrAdd(chargerId, _ => new StrongBox<int>()).Value, now);
        try
        {
            if (StartGates.TryGetValue(chargerId, out var gate))
            {
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            if (chargerId.StartsWith("broken", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"charger {chargerId} cannot be started");
            }

            _running[chargerId] = true;
            Journal.Enqueue($"start {chargerId}");
        }
        finally
        {
            Interlocked.Decrement(ref inProgress.Value);
        }
    }

    public Task StopHereAsync(string chargerId, bool handover = false)
    {
        if (_running.TryRemove(chargerId, out _))
        {
            Journal.Enqueue($"stop {chargerId}");
        }

        return Task.CompletedTask;
    }

    public async Task RestartHereAsync(string chargerId, CancellationToken cancellationToken)
    {
        await StopHereAsync(chargerId);
        await StartHereAsync(chargerId, cancellationToken);
    }

    public Task ReconcileHereAsync(string chargerId, CancellationToken cancellationToken) => StartHereAsync(chargerId, cancellationToken);

    public RuntimeState? StateHere(string chargerId) =>
        IsRunningHere(chargerId) ? new RuntimeState(RuntimeStateName.Connected, BootStatusName.Accepted, null, null, []) { LastError = Silo, Node = Silo } : null;

    public Task<SimulatorOutcome> ExecuteHereAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken) =>
        Task.FromResult(IsRunningHere(chargerId)
            ? SimulatorOutcome.Ok(new JsonObject { ["action"] = action.ToString(), ["silo"] = Silo })
            : SimulatorOutcome.Fail(SimulatorFailure.NotConnected, "stopped"));

    public Task<ProxyOutcome> ProxyHereAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(new ProxyOutcome(IsRunningHere(chargerId), false, new JsonObject { ["echo"] = payload.DeepClone(), ["action"] = action }, null, null, null, timeout.TotalMilliseconds, Silo));

    public Task<ChargerStatsResponse?> StatsHereAsync(string chargerId, CancellationToken cancellationToken) =>
        Task.FromResult<ChargerStatsResponse?>(IsRunningHere(chargerId) ? new ChargerStatsResponse(chargerId, true, null, new ConnectionStats(null, 1, 1, 1, 0), []) : null);

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The test cluster's own client validates the grain interface's types too.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            ClusterHosting.AddGrainSerialization(clientBuilder.Services);
    }

    /// <summary>Each test silo: the gateway's grain serialisation and these sessions instead of the session manager.</summary>
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterHosting.AddGrainSerialization(siloBuilder.Services);
            ClusterHosting.AddRebalancing(siloBuilder.Services);
            siloBuilder.Services.AddSingleton(sp =>
            {
                var details = sp.GetRequiredService<ILocalSiloDetails>();
                return For(details.ClusterId, details.Name);
            });
            siloBuilder.Services.AddSingleton<ILocalChargerSessions>(sp => sp.GetRequiredService<FakeSiloSessions>());

            // The live log relay of a node of a cluster, on the gateway's own hub.
            siloBuilder.Services.AddOptions<OcppLab.Infrastructure.Logging.LogWriterOptions>();
            siloBuilder.Services.AddSingleton<OcppLab.Infrastructure.Logging.LiveLogHub>();
            siloBuilder.Services.AddSingleton(new ClusterSettings(
                ClusteringMode.AdoNet, "test", "test", 0, 0, System.Net.IPAddress.Loopback, System.Net.IPAddress.Loopback, "Npgsql", "Host=unused"));
            siloBuilder.Services.AddSingleton(TimeProvider.System);
            siloBuilder.Services.AddSingleton<LiveLogRelay>();
            siloBuilder.Services.AddSingleton<ClusterPartition>();
        }
    }
}
