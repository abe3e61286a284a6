using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.UnitTests.Observability;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.Ocpp.Runtime;

/// <summary>
/// A session's live state (ADR 10), offline on a fake clock: captured in batches (never one write per
/// meter sample), restored at start — a clean, recent stop resumes without a boot; a power-off, a crash,
/// an old or moved state boots and ends the transactions with PowerLoss after the queued messages; a
/// corrupt state boots fresh with a warning.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SessionLiveStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingStore _store = new();
    private readonly ListLogger _logger = new();
    private HttpMessageInvoker _invoker = null!;
    private TestMeterFactory _meters = null!;
    private GatewayMetrics _metrics = null!;

    [SetUp]
    public void CreateServices()
    {
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        _meters = new TestMeterFactory();
        _metrics = new GatewayMetrics(_meters);
    }

    [TearDown]
    public void DisposeServices()
    {
        _metrics.Dispose();
        _meters.Dispose();
        _invoker.Dispose();
    }

    [Test]
    public async Task Meter_samples_do_not_cause_a_write_each_the_state_is_captured_once_per_interval()
    {
        var session = Session(settings: new Dictionary<string, string> { ["MeterValueSampleInterval"] = "1" }, flush: TimeSpan.FromSeconds(10));
        session.Start();
        await StartTransactionAsync(session);

        for (var second = 0; second < 40; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await session.InvokeAsync(_ => 0);
        }

        var last = JsonNode.Parse(_store.Captured[^1])!;
        var queue = last["queue"]!.AsArray();
        var samples = queue.Count(m => m!["action"]!.GetValue<string>() == "MeterValues");
        await StopAsync(session);

        Assert.Multiple(() =>
        {
            // Marked from the model's MeterValuePeriodic event (the session names no message of a version).
            Assert.That(queue.Where(m => m!["action"]!.GetValue<string>() == "MeterValues").Select(m => m!["periodic_sample"]!.GetValue<bool>()), Has.All.True);
            Assert.That(queue.Where(m => m!["action"]!.GetValue<string>() == "StartTransaction").Select(m => m!["periodic_sample"]!.GetValue<bool>()), Is.EqualTo(new[] { false }), "the start is no sample");
            Assert.That(samples, Is.GreaterThanOrEqualTo(30), "the samples are queued (offline) and stored");
            Assert.That(_store.CapturedWhileRunning, Is.InRange(2, 6), "40 samples in 40 s, one capture per 10 s interval");
        });
    }

    [Test]
    public async Task A_corrupt_stored_state_does_not_stop_the_charger_it_boots_fresh_and_warns()
    {
        var session = Session();
        session.Start("{\"version\":1,\"model\":");
        try
        {
            var state = await session.InvokeAsync(s => (s.Registration, s.Model.Connector(1)!.Status, s.Model.Connector(1)!.Transaction));
            Assert.Multiple(() =>
            {
                Assert.That(session.LiveStateOutcome, Is.EqualTo("fresh"));
                Assert.That(state, Is.EqualTo((RegistrationStatus.NotRegistered, ConnectorStatus.Available, (Transaction?)null)));
                Assert.That(_logger.Warnings, Has.Some.Contains("its stored live state is not restored").And.Contains("boots fresh"));
            });
        }
        finally
        {
            await StopAsync(session);
        }
    }

    [Test]
    public async Task After_a_clean_stop_within_the_threshold_it_resumes_without_a_boot_and_the_meter_kept_counting()
    {
        var (json, txId, register) = await RunTransactionAsync(handover: true);
        _time.Advance(TimeSpan.FromSeconds(20));

        var second = Session();
        second.Start(json);
        var state = await second.InvokeAsync(s => (s.Registration, s.Model.Connector(1)!.Transaction?.Id, s.Model.Connector(1)!.EnergyRegisterWh));
        await StopAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(second.LiveStateOutcome, Is.EqualTo("resumed"));
            Assert.That(state.Registration, Is.EqualTo(RegistrationStatus.Accepted), "reconnects without a BootNotification");
            Assert.That(state.Id, Is.EqualTo(txId), "the same transaction goes on");
            Assert.That(state.EnergyRegisterWh, Is.GreaterThan(register + 50), "20 s at 11 kW");
        });
    }

    [TestCase(false, 0, "ws://127.0.0.1:9/ocpp", TestName = "A power-off (stop-charger) boots and ends the transaction with PowerLoss")]
    [TestCase(true, 61, "ws://127.0.0.1:9/ocpp", TestName = "A clean stop older than the threshold boots and ends the transaction with PowerLoss")]
    [TestCase(true, 5, "ws://127.0.0.1:9/other", TestName = "A charger moved to another CSMS boots and ends the transaction with PowerLoss")]
    public async Task The_power_loss_path(bool handover, int gapSeconds, string wsUrl)
    {
        var (json, txId, register) = await RunTransactionAsync(handover);
        _time.Advance(TimeSpan.FromSeconds(gapSeconds));

        var second = Session(wsUrl: wsUrl);
        second.Start(json);
        var state = await second.InvokeAsync(s => (s.Registration, s.Model.Connector(1)!.Transaction, s.Model.FindTransaction(txId)));
        await StopAsync(second);

        var queue = JsonNode.Parse(_store.Captured[^1])!["queue"]!.AsArray();
        var stop = queue[^1]!;
        Assert.Multiple(() =>
        {
            Assert.That(second.LiveStateOutcome, Is.EqualTo("power-loss"));
            Assert.That(state.Registration, Is.EqualTo(RegistrationStatus.NotRegistered), "it boots");
            Assert.That(state.Item2, Is.Null, "no transaction runs");
            Assert.That(state.Item3?.StopReason, Is.EqualTo(StopReason.PowerLoss));
            Assert.That(state.Item3?.MeterStopWh, Is.EqualTo(register), "the register as last stored");
            Assert.That(queue.Select(m => m!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "StartTransaction", "StopTransaction" }), "the queued start first, then the end");
            Assert.That(stop["payload"]!["reason"]!.GetValue<string>(), Is.EqualTo("PowerLoss"));
            Assert.That(stop["payload"]!["meterStop"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(queue[0]!["payload"]!["meterStart"]!.GetValue<int>()));
        });
    }

    [Test]
    public async Task A_power_off_waits_until_its_final_state_is_written_a_handover_leaves_it_to_the_batch()
    {
        var first = Session();
        first.Start();
        await StopAsync(first);
        var flushesAfterPowerOff = _store.Flushes;

        var second = Session();
        second.Start();
        await second.StopAsync(handover: true);
        await second.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(flushesAfterPowerOff, Is.EqualTo(1));
            Assert.That(_store.Flushes, Is.EqualTo(1), "the session manager flushes once for all sessions of a shutdown");
            Assert.That(JsonNode.Parse(_store.Captured[^1])!["clean_stop_at"], Is.Not.Null, "a handover marks the state clean");
        });
    }

    /// <summary>A transaction started offline, 5 s of charging, then a stop; the stored state, the transaction id and the register at the stop.</summary>
    private async Task<(string Json, string TxId, double Register)> RunTransactionAsync(bool handover)
    {
        var first = Session();
        first.Start();
        await StartTransactionAsync(first);

        // As if the CSMS had accepted its boot: only a registered charger may resume without one.
        await first.InvokeAsync(s =>
        {
            s.BootAnswered(RegistrationStatus.Accepted, 60, null);
            return 0;
        });
        _time.Advance(TimeSpan.FromSeconds(5));
        var (txId, register) = await first.InvokeAsync(s =>
        {
            s.Model.Advance();
            return (s.Model.Connector(1)!.Transaction!.Id, s.Model.Connector(1)!.EnergyRegisterWh);
        });

        await first.StopAsync(handover);
        await first.DisposeAsync();
        var json = _store.Captured[^1];
        Assert.That(JsonNode.Parse(json)!["clean_stop_at"] is not null, Is.EqualTo(handover));
        return (json, txId, register);
    }

    private static Task StartTransactionAsync(ChargerSession session) =>
        session.InvokeAsync(s =>
        {
            Assert.That(s.Model.PlugIn(1).Succeeded, Is.True);
            Assert.That(s.Model.StartTransaction(1, "TAG-LIVE", "ISO14443", TxTrigger.Authorized).Succeeded, Is.True);
            return 0;
        });

    private async Task StopAsync(ChargerSession session)
    {
        _store.Running = false;
        await session.StopAsync();
        await session.DisposeAsync();
        _store.Running = true;
    }

    private ChargerSession Session(IReadOnlyDictionary<string, string>? settings = null, TimeSpan? flush = null, string wsUrl = "ws://127.0.0.1:9/ocpp")
    {
        var spec = new ChargePointSpec("CP-LIVE", "OcppLab", "Sim-22", "SN-0001", "1.2.3", OcppVersion.V16, 1, 22_000, "ac", "Type2");

        // Nothing listens on the discard port: the charger stays offline and queues its transaction messages.
        return new ChargerSession(
            new SessionConnection("dep-live", spec.Identity, wsUrl, OcppVersion.V16, 0, null, _invoker),
            new ChargePointModel(spec, _time, settings),
            services => new V16Protocol(services),
            Mock.Of<IFrameLog>(),
            Mock.Of<IPayloadValidator>(),
            _store,
            _time,
            new RuntimeOptions { LiveStateFlushInterval = flush ?? TimeSpan.FromSeconds(2) },
            _metrics,
            _logger);
    }

    /// <summary>Keeps every captured state (as the writer would get it) and counts the flushes.</summary>
    private sealed class RecordingStore : IChargerStateStore
    {
        private readonly List<string> _captured = [];
        private int _capturedWhileRunning;

        public bool Running { get; set; } = true;

        public int Flushes { get; private set; }

        public int CapturedWhileRunning => Volatile.Read(ref _capturedWhileRunning);

        public IReadOnlyList<string> Captured
        {
            get
            {
                lock (_captured)
                {
                    return [.. _captured];
                }
            }
        }

        public Task<ChargerStoredState?> LoadAsync(string chargerId, CancellationToken cancellationToken) => Task.FromResult<ChargerStoredState?>(null);

        public Task SaveAsync(string chargerId, string configurationJson, string localAuthListJson, int localListVersion, CancellationToken cancellationToken) => Task.CompletedTask;

        public void QueueLiveState(string chargerId, string liveStateJson)
        {
            lock (_captured)
            {
                _captured.Add(liveStateJson);
            }

            if (Running)
            {
                Interlocked.Increment(ref _capturedWhileRunning);
            }
        }

        public Task FlushLiveStatesAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
