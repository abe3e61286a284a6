using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>A remotely started and stopped session with periodic meter values (protocol §5, checklist 6).</summary>
public sealed class TransactionTests : GatewayTest
{
    private const string IdTag = "TAG-REMOTE-1";

    [TestCase(V16, false)]
    [TestCase(V16, true)]
    [TestCase(V201, false)]
    [TestCase(V201, true)]
    public async Task A_remote_session_sends_the_whole_transaction_sequence_with_meter_values(string version, bool authorizeRemoteStart)
    {
        var charger = await NewChargerAsync(version);
        await charger.SetSampleIntervalAsync(1);
        await charger.SetAuthorizeRemoteStartAsync(authorizeRemoteStart);

        await charger.RemoteStartAsync(1, IdTag, remoteStartId: 42);
        var remoteStart = (await charger.TraceAsync()).Csms(charger.Is16 ? "RemoteStartTransaction" : "RequestStartTransaction").Single();
        var (transactionId, _) = await charger.WaitForTransactionStartAsync();

        // At least two periodic samples, then the CSMS stops the session.
        await charger.WaitForAsync(t => Periodic(t, charger.Is16).Count >= 2, "two periodic meter samples");
        var runtime = await charger.RuntimeAsync();
        var connector = runtime["connectors"]!.AsArray().First(c => c!["connector_id"]!.GetValue<int>() == 1 && c["evse_id"]!.GetValue<int>() == 1)!;
        Assert.That(SimulatedCharger.Text(connector, "transaction_id"), Is.EqualTo(transactionId), runtime.ToJsonString());
        Assert.That(SimulatedCharger.Text(connector, "status"), Is.EqualTo(charger.Is16 ? "Charging" : "Occupied"), runtime.ToJsonString());

        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        var trace = await charger.WaitForStatusAsync(1, "Available");

        var session = trace.CpCalls.Where(c => c.Index > remoteStart.AnswerIndex && c.Action != "Heartbeat").ToList();
        if (charger.Is16)
        {
            Check16(session, transactionId, authorizeRemoteStart);
        }
        else
        {
            Check201(session, transactionId, authorizeRemoteStart);
        }

        await charger.WaitForRuntimeAsync(
            r => r["connectors"]!.AsArray().All(c => SimulatedCharger.Text(c, "transaction_id") is null && SimulatedCharger.Text(c, "status") == "Available"),
            "no transaction and every connector Available");
        await AssertNoViolationsAsync();
    }

    private static void Check16(IReadOnlyList<TracedCall> session, string transactionId, bool authorize)
    {
        var expected = new List<string>();
        if (authorize)
        {
            expected.Add("Authorize");
        }

        expected.AddRange(["Status:1:Preparing", "StartTransaction", "Status:1:Charging", "MeterValues*", "StopTransaction", "Status:1:Finishing", "Status:1:Available"]);
        Assert.That(Shape(session, is16: true), Is.EqualTo(expected), Describe(session));

        if (authorize)
        {
            Assert.That(session[0].Str("idTag"), Is.EqualTo(IdTag));
        }

        var start = session.Single(c => c.Action == "StartTransaction");
        var stop = session.Single(c => c.Action == "StopTransaction");
        var meterValues = session.Where(c => c.Action == "MeterValues").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(start.Int("connectorId"), Is.EqualTo(1));
            Assert.That(start.Str("idTag"), Is.EqualTo(IdTag));
            Assert.That(start.Result!["idTagInfo"]!["status"]!.GetValue<string>(), Is.EqualTo("Accepted"));
            Assert.That(meterValues, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(meterValues.Select(m => m.Int("transactionId")?.ToString(CultureInfo.InvariantCulture)), Is.All.EqualTo(transactionId), "MeterValues carry the CSMS's transactionId");
            Assert.That(meterValues.Select(m => m.Int("connectorId")), Is.All.EqualTo(1));
            Assert.That(stop.Int("transactionId")?.ToString(CultureInfo.InvariantCulture), Is.EqualTo(transactionId));
            Assert.That(stop.Str("reason"), Is.EqualTo("Remote"));
            Assert.That(stop.Int("meterStop"), Is.GreaterThanOrEqualTo(start.Int("meterStart")!.Value), "meterStop ≥ meterStart");
        });

        var energy = meterValues.Select(m => Energy16(m.Payload)).ToList();
        Assert.That(energy, Is.Ordered, "the energy register never goes back");
        Assert.That(energy[0], Is.GreaterThanOrEqualTo(start.Int("meterStart")!.Value));
        Assert.That(stop.Int("meterStop")!.Value, Is.GreaterThanOrEqualTo(energy[^1]));
        Assert.That(meterValues.SelectMany(m => m.Payload["meterValue"]![0]!["sampledValue"]!.AsArray()).Select(s => SimulatedCharger.Text(s, "context")), Is.All.EqualTo("Sample.Periodic"));
    }

    private static void Check201(IReadOnlyList<TracedCall> session, string transactionId, bool authorize)
    {
        var expected = new List<string>();
        if (authorize)
        {
            expected.Add("Authorize");
        }

        expected.AddRange(["Status:1:Occupied", "TransactionEvent:Started", "TransactionEvent:Updated*", "TransactionEvent:Ended", "Status:1:Available"]);
        Assert.That(Shape(session, is16: false), Is.EqualTo(expected), Describe(session));

        if (authorize)
        {
            Assert.That(session[0].Payload["idToken"]!["idToken"]!.GetValue<string>(), Is.EqualTo(IdTag));
        }

        var events = session.Where(c => c.Action == "TransactionEvent").ToList();
        var started = events[0];
        var ended = events[^1];
        var updates = events[1..^1];
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>()), Is.All.EqualTo(transactionId), "a stable transactionId");
            Assert.That(Guid.TryParse(transactionId, out _), Is.True, "the station generates a UUID");
            Assert.That(events.Select(e => e.Int("seqNo")), Is.EqualTo(Enumerable.Range(started.Int("seqNo")!.Value, events.Count).Select(i => (int?)i)), "consecutive seqNo");
            Assert.That(started.Int("seqNo"), Is.EqualTo(0));
            Assert.That(started.Str("triggerReason"), Is.EqualTo("RemoteStart"));
            Assert.That(started.Payload["transactionInfo"]!["remoteStartId"]?.GetValue<int>(), Is.EqualTo(42));
            Assert.That(started.Payload["evse"]?.ToJsonString(), Is.EqualTo("""{"id":1,"connectorId":1}"""));
            Assert.That(started.Payload["idToken"]?["idToken"]?.GetValue<string>(), Is.EqualTo(IdTag));
            Assert.That(updates.Count(u => u.Str("triggerReason") == "MeterValuePeriodic"), Is.GreaterThanOrEqualTo(2));
            Assert.That(updates.Where(u => u.Str("triggerReason") == "MeterValuePeriodic").SelectMany(u => u.Payload["meterValue"]![0]!["sampledValue"]!.AsArray()).Select(s => SimulatedCharger.Text(s, "context")), Is.All.EqualTo("Sample.Periodic"));
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("RemoteStop"));
            Assert.That(ended.Payload["transactionInfo"]!["stoppedReason"]?.GetValue<string>(), Is.EqualTo("Remote"));
        });

        var energy = events.Where(e => e.Payload["meterValue"] is not null).Select(e => Energy201(e.Payload)).ToList();
        Assert.That(energy, Is.Ordered, "the energy register never goes back");
        Assert.That(energy[^1], Is.GreaterThanOrEqualTo(energy[0]), "Ended reads at least what Started read");
    }

    /// <summary>The periodic samples of the session so far (1.6 MeterValues, 2.0.1 TransactionEvent Updated MeterValuePeriodic).</summary>
    public static IReadOnlyList<TracedCall> Periodic(OcppTrace trace, bool is16) =>
        is16
            ? trace.Cp("MeterValues").Where(m => m.Answer is not null && SimulatedCharger.Text(m.Payload["meterValue"]?[0]?["sampledValue"]?[0], "context") == "Sample.Periodic").ToList()
            : trace.Cp("TransactionEvent").Where(e => e.Str("triggerReason") == "MeterValuePeriodic" && e.Answer is not null).ToList();

    /// <summary>The session as a list of tokens: actions, statuses, collapsed runs of meter values.</summary>
    private static List<string> Shape(IReadOnlyList<TracedCall> session, bool is16)
    {
        var shape = new List<string>();
        foreach (var call in session)
        {
            var token = call.Action switch
            {
                "StatusNotification" when is16 => $"Status:{call.Int("connectorId")}:{call.Str("status")}",
                "StatusNotification" => $"Status:{call.Int("evseId")}:{call.Str("connectorStatus")}",
                "MeterValues" => "MeterValues*",
                "TransactionEvent" when call.Str("eventType") == "Updated" => "TransactionEvent:Updated*",
                "TransactionEvent" => $"TransactionEvent:{call.Str("eventType")}",
                _ => call.Action,
            };
            if (!(token.EndsWith('*') && shape.Count > 0 && shape[^1] == token))
            {
                shape.Add(token);
            }
        }

        return shape;
    }

    public static double Energy16(JsonObject meterValuesOrStop) =>
        double.Parse(
            meterValuesOrStop["meterValue"]![0]!["sampledValue"]!.AsArray()
                .First(s => (SimulatedCharger.Text(s, "measurand") ?? "Energy.Active.Import.Register") == "Energy.Active.Import.Register")!["value"]!.GetValue<string>(),
            CultureInfo.InvariantCulture);

    public static double Energy201(JsonObject transactionEvent) =>
        transactionEvent["meterValue"]![0]!["sampledValue"]!.AsArray()
            .First(s => (SimulatedCharger.Text(s, "measurand") ?? "Energy.Active.Import.Register") == "Energy.Active.Import.Register")!["value"]!.GetValue<double>();

    private static string Describe(IEnumerable<TracedCall> calls) => string.Join('\n', calls);
}
