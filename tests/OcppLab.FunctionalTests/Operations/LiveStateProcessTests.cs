using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// Issue 12 item 6 (ADR 10), on one node: the built gateway as a process of its own, restarted on the
/// same database. After SIGTERM and a quick start the charger reconnects without a new BootNotification
/// and its transaction goes on with a meter that kept counting (1.6 §4.2, 2.0.1 B01: a boot follows a
/// start-up, not a reconnect); after kill -9 it boots, and the transaction that was running ends with
/// reason PowerLoss (1.6 StopTransaction.reason, 2.0.1 TransactionEvent Ended stoppedReason) and the
/// last stored register; a transaction message queued while the CSMS was unreachable survives the
/// restart and is the first thing the charger sends.
/// </summary>
[NonParallelizable]
public sealed class LiveStateProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestCsms _csms = null!;
    private DirectoryInfo _folder = null!;
    private Dictionary<string, string> _settings = null!;
    private string _token = null!;

    [SetUp]
    public async Task StartCsms()
    {
        _csms = await TestCsms.StartAsync();
        _folder = Directory.CreateTempSubdirectory("ocpplab-live-state-");
        _settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:OcppLab"] = $"Data Source={DatabasePath}",
            ["Auth:SigningKey"] = GatewayFactory.SigningKey,
            ["Ocpp:LiveStateFlushInterval"] = "00:00:00.300",
            ["Ocpp:ConnectTimeout"] = "00:00:02",
            ["Ocpp:CloseTimeout"] = "00:00:02",
            ["Ownership:LeaseDuration"] = "00:00:03",
            ["Workflows:PollInterval"] = "00:00:00.200",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
        };
        _token = TestTokens.Create(organizationId: GatewayApi.NewOrg("live"));
    }

    [TearDown]
    public async Task StopCsms()
    {
        await _csms.DisposeAsync();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private string DatabasePath => Path.Combine(_folder.FullName, "live.db");

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task After_SIGTERM_and_a_quick_start_the_charger_reconnects_without_a_boot_and_its_transaction_goes_on(string version)
    {
        var identity = $"CP-LIVE-TERM-{version[^3..]}";
        var station = _csms[identity];
        var (chargerId, started) = await FirstLifeAsync(identity, version, station, async (first, _, _) =>
            Assert.That(await first.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, first.Output));

        var stored = StoredState(chargerId)!;
        var registerAtStop = stored["model"]!["connectors"]![0]!["energy_register_wh"]!.GetValue<double>();
        Assert.That(stored["clean_stop_at"], Is.Not.Null, "a graceful stop marks the state clean");
        var before = station.Received.Count;

        await using var second = await GatewayProcess.StartAsync("live-b", _settings, Deadline);
        using var again = second.Client(_token);
        await Eventually.UntilAsync(() => Task.FromResult(Frames(station).Skip(before).Any(f => f.Action == "StatusNotification")), Deadline, "it reconnects and reports its connectors");
        var runtime = await again.GetJsonAsync($"/ocpp/chargers/{chargerId}");
        Assert.Multiple(() =>
        {
            Assert.That(station.BootNotifications, Is.EqualTo(1), "no new BootNotification within Ocpp:ResumeWithoutBootWithin");
            Assert.That(station.Connections, Is.EqualTo(2));
            Assert.That(runtime["runtime"]!["connectors"]![0]!["transaction_id"]?.GetValue<string>(), Is.EqualTo(TransactionIdOf(station, started, version)), "the same transaction is running");
        });

        await CommandAsync(again, "stop-session", chargerId);
        var ended = await EndedAsync(station, before, version);
        Assert.Multiple(() =>
        {
            Assert.That(ended.TransactionId, Is.EqualTo(TransactionIdOf(station, started, version)), "ended under the id it started with");
            Assert.That(ended.Reason, Is.Not.EqualTo("PowerLoss"));
            Assert.That(ended.MeterWh, Is.GreaterThan(registerAtStop), "the meter kept counting through the restart");
            Assert.That(ended.MeterWh, Is.GreaterThan(MeterStartOf(started, version)));
        });
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task After_kill_9_the_charger_boots_and_ends_the_running_transaction_with_PowerLoss(string version)
    {
        var identity = $"CP-LIVE-KILL-{version[^3..]}";
        var station = _csms[identity];
        var persisted = 0.0;
        var (chargerId, started) = await FirstLifeAsync(identity, version, station, async (first, _, id) =>
        {
            // Killed only once the running transaction is in the store (written in batches, not at once),
            // and in 1.6 with the id the CSMS gave it: a batch written between the StartTransaction and
            // its answer still queues the start, which the next life sends again and gets a new id for
            // (that case is A_1_6_start_unanswered_at_the_crash_…).
            var stored = await Eventually.UntilAsync(
                () => Task.FromResult(StoredState(id)),
                s => s?["model"]?["connectors"]?[0]?["transaction"] is { } transaction
                    && (version != "OCPP1.6" || transaction["csms_transaction_id"] is not null),
                Deadline,
                "the running transaction is stored");
            persisted = stored!["model"]!["connectors"]![0]!["energy_register_wh"]!.GetValue<double>();
            await first.KillAsync();
        });

        var before = station.Received.Count;
        await using var second = await GatewayProcess.StartAsync("live-b", _settings, Deadline);
        var ended = await EndedAsync(station, before, version);
        var after = Frames(station).Skip(before).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(station.BootNotifications, Is.EqualTo(2), "a crash is a power loss: the charger boots");
            Assert.That(after.FindIndex(f => f.Action == "BootNotification"), Is.LessThan(after.FindIndex(f => f.Id == ended.Id)), "the boot comes first");
            Assert.That(ended.Reason, Is.EqualTo("PowerLoss"));
            Assert.That(ended.TransactionId, Is.EqualTo(TransactionIdOf(station, started, version)));
            Assert.That(ended.MeterWh, Is.GreaterThanOrEqualTo(MeterStartOf(started, version)));
            Assert.That(ended.MeterWh, Is.GreaterThanOrEqualTo(Math.Floor(persisted)), "the last stored register, at least what was stored before the kill");
        });
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task A_transaction_message_queued_while_the_CSMS_was_unreachable_survives_a_restart_and_is_sent_first(string version)
    {
        var identity = $"CP-LIVE-QUEUE-{version[^3..]}";
        var station = _csms[identity];
        // A session that ends by itself after 5 s: commands need a connection, the time limit does not.
        var (chargerId, started) = await FirstLifeAsync(identity, version, station, durationSeconds: 5, end: async (first, client, id) =>
        {
            // The CSMS becomes unreachable: the connection drops and no handshake is answered.
            station.HoldHandshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            station.AbortAll();
            await Eventually.UntilAsync(
                async () => (await client.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"]!["connectors"]![0]!["transaction_id"] is null,
                Deadline,
                "the transaction ended offline");
            Assert.That(await first.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, first.Output);
        });

        Assert.That(
            Frames(station).Any(f => f.Action == "StopTransaction" || (f.Action == "TransactionEvent" && (string?)f.Payload["eventType"] == "Ended")),
            Is.False,
            "the end was not sent before the CSMS became unreachable");
        var queued = StoredState(chargerId)!["queue"]!.AsArray().Select(m => m!["action"]!.GetValue<string>()).ToList();
        Assert.That(queued, Has.Some.EqualTo(version == "OCPP1.6" ? "StopTransaction" : "TransactionEvent"), "the end is stored with the queue");
        var before = station.Received.Count;
        station.HoldHandshake!.TrySetResult();
        station.HoldHandshake = null;

        await using var second = await GatewayProcess.StartAsync("live-b", _settings, Deadline);
        var ended = await EndedAsync(station, before, version);
        await Eventually.UntilAsync(() => Task.FromResult(Frames(station).Skip(before).Any(f => f.Action == "StatusNotification")), Deadline, "then the statuses");
        var after = Frames(station).Skip(before).ToList();
        var firstStatus = after.FindIndex(f => f.Action == "StatusNotification");
        Assert.Multiple(() =>
        {
            Assert.That(after[0].Action, Is.EqualTo(version == "OCPP1.6" ? "StopTransaction" : "TransactionEvent"), "the queued message is the first thing sent");
            Assert.That(after.FindIndex(f => f.Id == ended.Id), Is.LessThan(firstStatus), "delivered before anything else");
            Assert.That(after.Take(firstStatus).Select(f => f.Action), Has.All.EqualTo(after[0].Action), "only transaction messages before the statuses");
            Assert.That(ended.TransactionId, Is.EqualTo(TransactionIdOf(station, started, version)));
            Assert.That(ended.Reason, Is.Not.EqualTo("PowerLoss"), "ended by its time limit, before the restart");
            Assert.That(station.BootNotifications, Is.EqualTo(1), "a graceful restart within the threshold");
        });
    }

    [Test]
    public async Task A_1_6_start_unanswered_at_the_crash_is_sent_again_and_the_PowerLoss_stop_carries_the_id_it_gets()
    {
        var station = _csms["CP-LIVE-START-1.6"];
        string chargerId;
        await using (var first = await GatewayProcess.StartAsync("live-a", _settings, Deadline))
        {
            using var client = first.Client(_token);
            chargerId = await RunningChargerAsync(client, "CP-LIVE-START-1.6", "OCPP1.6");
            _csms.NeverAnswer("StartTransaction");
            await CommandAsync(client, "start-session", chargerId, new JsonObject { ["id_tag"] = "04LIVE01" });
            await Eventually.UntilAsync(
                () => Task.FromResult(StoredState(chargerId)?["queue"]?.AsArray().Any(m => (string?)m!["action"] == "StartTransaction") == true),
                Deadline,
                "the unanswered StartTransaction is stored with the queue");
            await first.KillAsync();
        }

        await _csms.ReleaseAsync("StartTransaction");
        var before = station.Received.Count;
        await using var second = await GatewayProcess.StartAsync("live-b", _settings, Deadline);
        var ended = await EndedAsync(station, before, "OCPP1.6");
        var after = Frames(station).Skip(before).ToList();
        var start = after.Single(f => f.Action == "StartTransaction");
        Assert.Multiple(() =>
        {
            Assert.That(after.Select(f => f.Action).TakeWhile(a => a != "StopTransaction"), Does.Contain("BootNotification").And.Contain("StartTransaction"), "boot, then the stored start");
            Assert.That(ended.Reason, Is.EqualTo("PowerLoss"));
            Assert.That(ended.TransactionId, Is.EqualTo(TransactionIdOf(station, start, "OCPP1.6")), "the id the CSMS gave the start sent again");
            Assert.That(ended.TransactionId, Is.Not.EqualTo("-1"));
        });
    }

    // ---- Helpers -------------------------------------------------------------------------

    /// <summary>
    /// The gateway's first life: a process that runs the charger and starts a transaction on it, then
    /// ends as <paramref name="end"/> says (SIGTERM, kill -9, …); returns the charger and the start frame.
    /// </summary>
    private async Task<(string ChargerId, Frame Started)> FirstLifeAsync(
        string identity, string version, TestCsms.Station station, Func<GatewayProcess, HttpClient, string, Task> end, int? durationSeconds = null)
    {
        await using var first = await GatewayProcess.StartAsync("live-a", _settings, Deadline);
        using var client = first.Client(_token);
        var chargerId = await RunningChargerAsync(client, identity, version);
        var started = await StartTransactionAsync(client, chargerId, station, version, durationSeconds);
        await end(first, client, chargerId);
        return (chargerId, started);
    }

    private async Task<string> RunningChargerAsync(HttpClient client, string identity, string version)
    {
        var chargerId = await client.CreateChargerAsync(identity, version, _csms.Url());
        Assert.That((await client.WaitForProvisioningAsync(chargerId, Deadline)).Str("status"), Is.EqualTo("READY"));
        await Eventually.UntilAsync(
            async () => (await client.GetJsonAsync($"/ocpp/chargers/{chargerId}"))["runtime"]!["boot_status"]?.GetValue<string>() == "Accepted",
            Deadline,
            $"{identity} is accepted");
        return chargerId;
    }

    private static async Task<Frame> StartTransactionAsync(HttpClient client, string chargerId, TestCsms.Station station, string version, int? durationSeconds = null)
    {
        var evt = new JsonObject { ["id_tag"] = "04LIVE01" };
        if (durationSeconds is { } seconds)
        {
            evt["duration_seconds"] = seconds;
        }

        await CommandAsync(client, "start-session", chargerId, evt);
        var started = await Eventually.UntilAsync(
            () => Task.FromResult(Frames(station).FirstOrDefault(f => version == "OCPP1.6" ? f.Action == "StartTransaction" : f.Action == "TransactionEvent" && (string?)f.Payload["eventType"] == "Started")),
            f => f is not null,
            Deadline,
            "the transaction starts");
        await Eventually.UntilAsync(() => Task.FromResult(station.Sent.Any(s => s.Contains($"\"{started!.Id}\"", StringComparison.Ordinal))), Deadline, "the CSMS answered the start");
        // And the charger read that answer: an answer still on its way when the test drops the
        // connection is lost, the 1.6 transaction then has no id yet (the runtime reports none), and
        // the start is sent again later — not the situation these tests set up.
        var id = TransactionIdOf(station, started!, version);
        await Eventually.UntilAsync(
            async () => (string?)(await client.GetJsonAsync($"/ocpp/chargers/{chargerId}"))["runtime"]?["connectors"]?[0]?["transaction_id"] == id,
            Deadline,
            "the charger runs the transaction under the id the CSMS knows");
        return started!;
    }

    private static async Task CommandAsync(HttpClient client, string command, string chargerId, JsonObject? evt = null)
    {
        var body = new JsonObject { ["target"] = new JsonObject { ["charger_id"] = chargerId }, ["event"] = evt ?? new JsonObject() };
        body["event"]!["connector_id"] = 1;
        var answer = await (await client.PostJsonAsync($"/ocpp/commands/{command}", body)).ExpectJsonAsync(202);
        Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());
    }

    /// <summary>The end of the transaction sent after frame <paramref name="skip"/>: (1.6) StopTransaction, (2.0.1) TransactionEvent Ended.</summary>
    private static async Task<Ended> EndedAsync(TestCsms.Station station, int skip, string version)
    {
        var frame = await Eventually.UntilAsync(
            () => Task.FromResult(Frames(station).Skip(skip).FirstOrDefault(f => version == "OCPP1.6" ? f.Action == "StopTransaction" : f.Action == "TransactionEvent" && (string?)f.Payload["eventType"] == "Ended")),
            f => f is not null,
            Deadline,
            "the transaction's end is sent");
        var payload = frame!.Payload;
        return version == "OCPP1.6"
            ? new Ended(frame.Id, payload["transactionId"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)payload["reason"], payload["meterStop"]!.GetValue<double>())
            : new Ended(frame.Id, (string)payload["transactionInfo"]!["transactionId"]!, (string?)payload["transactionInfo"]!["stoppedReason"], EnergyOf(payload));
    }

    private static double MeterStartOf(Frame started, string version) =>
        version == "OCPP1.6" ? started.Payload["meterStart"]!.GetValue<double>() : EnergyOf(started.Payload);

    private static double EnergyOf(JsonObject payload) =>
        payload["meterValue"]!.AsArray().SelectMany(m => m!["sampledValue"]!.AsArray())
            .Where(s => (string?)s!["measurand"] is null or "Energy.Active.Import.Register")
            .Select(s => s!["value"]!.GetValue<double>())
            .First();

    /// <summary>The id the CSMS knows: 1.6 the one it assigned in its StartTransaction answer, 2.0.1 the charger's.</summary>
    private static string TransactionIdOf(TestCsms.Station station, Frame started, string version)
    {
        if (version != "OCPP1.6")
        {
            return (string)started.Payload["transactionInfo"]!["transactionId"]!;
        }

        var answer = station.Sent.Select(s => JsonNode.Parse(s)!.AsArray()).First(a => a[0]!.GetValue<int>() == 3 && (string?)a[1] == started.Id);
        return answer[2]!["transactionId"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The CALLs the charger sent, in order.</summary>
    private static List<Frame> Frames(TestCsms.Station station) =>
        station.Received
            .Select(text => JsonNode.Parse(text) as JsonArray)
            .Where(a => a is { Count: 4 } && a[0]!.GetValue<int>() == 2)
            .Select(a => new Frame((string)a![1]!, (string)a[2]!, a[3]!.AsObject()))
            .ToList();

    private JsonNode? StoredState(string chargerId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT LiveStateJson FROM charger_states WHERE ChargerId = $id";
        command.Parameters.AddWithValue("$id", chargerId);
        return command.ExecuteScalar() is string json ? JsonNode.Parse(json) : null;
    }

    private sealed record Frame(string Id, string Action, JsonObject Payload);

    private sealed record Ended(string Id, string TransactionId, string? Reason, double MeterWh);
}
