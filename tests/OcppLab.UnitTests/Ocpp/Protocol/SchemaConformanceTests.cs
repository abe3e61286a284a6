using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>
/// Protocol reference §8.4: every request the charge point sends and every result it answers with validates
/// against the official schemas. Whole scenarios for both versions; each payload is checked.
/// </summary>
public sealed class SchemaConformanceTests
{
    private static readonly OcppVersion[] Versions = [OcppVersion.V16, OcppVersion.V201];

    private static readonly string[] AllMeasurands =
    [
        "Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Current.Offered", "Power.Offered", "Voltage", "SoC", "Temperature",
    ];

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            [SettingsCatalog.MeterValuesSampledData] = string.Join(',', AllMeasurands),
            [SettingsCatalog.StopTxnSampledData] = string.Join(',', AllMeasurands),
            [SettingsCatalog.TxStartedMeasurands] = string.Join(',', AllMeasurands),
            [SettingsCatalog.MeterValueSampleInterval] = "30",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void Boot(FakeSession session)
    {
        session.Registration = RegistrationStatus.NotRegistered;
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));
        session.Deliver();
        Assert.That(session.Registration, Is.EqualTo(RegistrationStatus.Accepted));
    }

    private static void AssertConformant(FakeSession session, params string[] mustHaveSent)
    {
        var violations = session.SchemaViolations();
        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
            Assert.That(session.Sent.Select(s => s.Action).Distinct(), Is.SupersetOf(mustHaveSent.Distinct()));
            Assert.That(session.Outbox, Is.Empty, "every queued CALL was delivered and checked");
        });
    }

    private static string Start(OcppVersion version, int connector, string idTag, int remoteStartId = 1) => version == OcppVersion.V16
        ? $$"""{"connectorId":{{connector}},"idTag":"{{idTag}}"}"""
        : $$"""{"evseId":{{connector}},"remoteStartId":{{remoteStartId}},"idToken":{"idToken":"{{idTag}}","type":"ISO14443"} }""";

    private static string StartAction(OcppVersion version) => version == OcppVersion.V16 ? "RemoteStartTransaction" : "RequestStartTransaction";

    [TestCaseSource(nameof(Versions))]
    public void A_whole_AC_day_of_traffic_is_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, connectors: 2, settings: Settings());
        Boot(session);

        // Heartbeat and a locally authorized session: authorize, then plug, then charge with samples.
        session.Outbox.Add(session.Protocol.Heartbeat());
        session.Protocol.BeginSession(1, "04A2B3C4D5", "ISO14443", askCsms: true, automaticPlug: false, TxTrigger.Authorized, remoteStartId: null);
        session.Deliver();
        session.Pass(TimeSpan.FromSeconds(20));
        session.Model.PlugIn(1);
        session.Drain();
        session.Deliver();
        for (var i = 0; i < 4; i++)
        {
            session.Pass(TimeSpan.FromSeconds(45));
            session.Deliver();
        }

        // Smart charging during the transaction: rate changes.
        session.Model.SetPowerSetpoint(1, 3_700);
        session.Model.SetEvRequestsEnergy(1, false);
        session.Model.SetEvRequestsEnergy(1, true);
        session.Drain();
        session.Deliver();

        // The driver stops locally and unplugs.
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Drain();
        session.Deliver();
        session.Model.Unplug(1);
        session.Drain();
        session.Deliver();

        // A remote session that the car ends by leaving.
        session.Receive(StartAction(version), Json.Of(Start(version, 2, "REMOTE-1", 5)));
        session.Deliver();
        session.Pass(TimeSpan.FromMinutes(2));
        session.Model.Unplug(2);
        session.Drain();
        session.Deliver();

        // Idle meter values, faults, availability.
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues"}"""));
        foreach (var code in ErrorCodes.Faults)
        {
            session.Model.InjectFault(2, code);
            session.Model.ClearFault(2);
        }

        session.Drain();
        session.Deliver();
        AssertConformant(session, "BootNotification", "StatusNotification", "Heartbeat", "Authorize", "MeterValues",
            version == OcppVersion.V16 ? "StartTransaction" : "TransactionEvent",
            version == OcppVersion.V16 ? "StopTransaction" : "TransactionEvent");
    }

    [TestCaseSource(nameof(Versions))]
    public void A_DC_session_with_state_of_charge_to_a_full_battery_is_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, connectors: 1, currentType: "dc", maxPowerW: 150_000, settings: Settings(),
            vehicle: () => new ElectricVehicle(30_000, 70, 150_000));
        Boot(session);

        session.Receive(StartAction(version), Json.Of(Start(version, 1, "DC-TAG")));
        session.Deliver();
        for (var i = 0; i < 40; i++)
        {
            session.Pass(TimeSpan.FromSeconds(37));
            session.Deliver();
        }

        Assert.That(session.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.SuspendedEV), "the battery is full");
        var soc = session.Sent.Where(s => s.Action is "MeterValues" or "TransactionEvent")
            .SelectMany(s => s.Payload["meterValue"]?.AsArray() ?? [])
            .SelectMany(m => m!["sampledValue"]!.AsArray())
            .Where(v => v.Str("measurand") == "SoC")
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(soc, Is.Not.Empty, "SoC is sampled on DC");
            Assert.That(soc.Select(v => v.Str("location")), Is.All.EqualTo("EV"));
        });

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues"}"""));
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Drain();
        session.Deliver();
        AssertConformant(session);
    }

    [Test]
    public void Every_stop_reason_is_schema_valid([ValueSource(nameof(Versions))] OcppVersion version, [Values] StopReason reason)
    {
        var session = new FakeSession(version, settings: Settings());
        Boot(session);
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-1")));
        session.Deliver();
        session.Pass(TimeSpan.FromSeconds(75));

        session.Model.StopTransaction(1, reason, TxTrigger.StopAuthorized);
        session.Drain();
        session.Deliver();

        AssertConformant(session);
        var stop = version == OcppVersion.V16
            ? session.SentOf("StopTransaction").Single().Payload.Str("reason")
            : session.SentOf("TransactionEvent").Single(e => e.Payload.Str("eventType") == "Ended").Payload["transactionInfo"].Str("stoppedReason");
        // 1.6 leaves the default (Local) out, as StopTransaction.req allows; 2.0.1 names it (TC_E_15_CS expects stoppedReason Local).
        Assert.That(stop, reason == StopReason.Local && version == OcppVersion.V16 ? Is.Null : Is.Not.Null, "every reason is named, except 1.6's default");
        if (version == OcppVersion.V201 && reason == StopReason.Local)
        {
            Assert.That(stop, Is.EqualTo("Local"));
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void Automatic_stops_faults_deauthorization_and_resets_are_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, connectors: 2, settings: Settings());
        Boot(session);

        // Energy target, then time target.
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-E")));
        session.Model.SetTarget(1, null, 500);
        session.Pass(TimeSpan.FromMinutes(5));
        session.Deliver();
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-T")));
        session.Model.SetTarget(1, TimeSpan.FromMinutes(1), null);
        session.Pass(TimeSpan.FromMinutes(2));
        session.Deliver();

        // A fault during a transaction.
        session.Receive(StartAction(version), Json.Of(Start(version, 2, "TAG-F")));
        session.Deliver();
        session.Model.InjectFault(2, "GroundFailure");
        session.Drain();
        session.Deliver();
        session.Model.ClearFault(2);
        session.Model.Unplug(2);

        // The CSMS refuses the tag in the transaction's answer.
        session.Csms = (action, payload) => action switch
        {
            "StartTransaction" => Json.Of("""{"transactionId":77,"idTagInfo":{"status":"Invalid"}}"""),
            "TransactionEvent" when payload.ContainsKey("idToken") => Json.Of("""{"idTokenInfo":{"status":"Invalid"}}"""),
            _ => [],
        };
        session.Receive(StartAction(version), Json.Of(Start(version, 2, "BAD-TAG")));
        session.Deliver();
        session.Csms = null;
        Assert.That(session.Model.Connector(2)!.LastTransaction!.StopReason, Is.EqualTo(StopReason.DeAuthorized));

        // A reset with a transaction running.
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-R")));
        session.Deliver();
        session.Receive("Reset", Json.Of(version == OcppVersion.V16 ? """{"type":"Hard"}""" : """{"type":"Immediate"}"""));
        session.Deliver();

        var violations = session.SchemaViolations();
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [TestCaseSource(nameof(Versions))]
    public void Every_trigger_firmware_log_and_reservation_message_is_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, connectors: 2, settings: Settings());
        Boot(session);
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-1")));
        session.Deliver();

        var triggers = version == OcppVersion.V16
            ? new[] { "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification" }
            : ["LogStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification", "TransactionEvent"];
        foreach (var trigger in triggers)
        {
            session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = trigger });
            session.Deliver();
        }

        if (version == OcppVersion.V16)
        {
            session.Receive("UpdateFirmware", Json.Of("""{"location":"https://fw.example.com/v2.bin","retrieveDate":"2026-03-02T08:00:00Z"}"""));
            session.Receive("GetDiagnostics", Json.Of("""{"location":"ftp://logs.example.com/"}"""));
        }
        else
        {
            session.Registration = RegistrationStatus.Pending;
            session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"BootNotification"}"""));
            session.Registration = RegistrationStatus.Accepted;
            session.Deliver();
            session.Receive("UpdateFirmware", Json.Of("""{"requestId":3,"firmware":{"location":"https://fw.example.com/v2.bin","retrieveDateTime":"2026-03-02T08:00:00Z"}}"""));
            session.Receive("GetLog", Json.Of("""{"log":{"remoteLocation":"https://logs.example.com/"},"logType":"DiagnosticsLog","requestId":4}"""));
            Assert.That(session.Receive("ReserveNow", Json.Of("""{"id":1,"expiryDateTime":"2026-03-02T09:00:00Z","idToken":{"idToken":"R","type":"ISO14443"},"evseId":2}""")).Result.Str("status"), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("CancelReservation", Json.Of("""{"reservationId":1}""")).Result.Str("status"), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("ReserveNow", Json.Of("""{"id":2,"expiryDateTime":"2026-03-02T08:01:00Z","idToken":{"idToken":"R","type":"ISO14443"}}""")).Result.Str("status"), Is.EqualTo("Accepted"));
        }

        session.Pass(TimeSpan.FromSeconds(3));
        foreach (var trigger in triggers.Where(t => t.EndsWith("StatusNotification", StringComparison.Ordinal)))
        {
            session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = trigger });
        }

        session.Pass(TimeSpan.FromMinutes(2));
        session.Deliver();

        AssertConformant(session, version == OcppVersion.V16
            ? ["FirmwareStatusNotification", "DiagnosticsStatusNotification", "BootNotification", "Heartbeat"]
            : ["FirmwareStatusNotification", "LogStatusNotification", "ReservationStatusUpdate", "BootNotification", "Heartbeat"]);
        Assert.That(session.Reboots, Has.Count.EqualTo(1), "after the firmware was installed");
    }

    [TestCaseSource(nameof(Versions))]
    public void Configuration_reads_writes_and_reports_are_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, settings: Settings());
        Boot(session);
        var definitions = SettingsCatalog.All.Where(d => version == OcppVersion.V16 ? d.ExistsIn16 : d.ExistsIn201).ToList();

        if (version == OcppVersion.V16)
        {
            session.Receive("GetConfiguration", []);
            session.Receive("GetConfiguration", new JsonObject { ["key"] = new JsonArray(definitions.Select(d => (JsonNode)d.Key16!).Append("Bogus").ToArray()) });
            foreach (var definition in definitions)
            {
                session.Receive("ChangeConfiguration", new JsonObject { ["key"] = definition.Key16, ["value"] = session.Model.Settings.Get(definition.Name) });
                session.Receive("ChangeConfiguration", new JsonObject { ["key"] = definition.Key16, ["value"] = "not-a-valid-value" });
            }
        }
        else
        {
            JsonObject Item(SettingDefinition d) => new()
            {
                ["component"] = new JsonObject { ["name"] = d.Component },
                ["variable"] = d.Instance is null ? new JsonObject { ["name"] = d.Variable } : new JsonObject { ["name"] = d.Variable, ["instance"] = d.Instance },
            };
            session.Receive("GetVariables", new JsonObject { ["getVariableData"] = new JsonArray(definitions.Select(d => (JsonNode)Item(d)).ToArray()) });
            session.Receive("SetVariables", new JsonObject
            {
                ["setVariableData"] = new JsonArray(definitions.Select(d =>
                {
                    var item = Item(d);
                    item["attributeValue"] = d.Mutability == Mutability.WriteOnly ? "0123456789abcdef" : session.Model.Settings.Get(d.Name);
                    return (JsonNode)item;
                }).ToArray()),
            });
            foreach (var reportBase in new[] { "FullInventory", "ConfigurationInventory", "SummaryInventory" })
            {
                session.Receive("GetBaseReport", new JsonObject { ["requestId"] = 1, ["reportBase"] = reportBase });
            }

            session.Receive("GetReport", Json.Of("""{"requestId":2,"componentCriteria":["Enabled"]}"""));
        }

        session.Deliver();
        AssertConformant(session);
    }

    [TestCaseSource(nameof(Versions))]
    public void Smart_charging_answers_and_reports_are_schema_valid(OcppVersion version)
    {
        var session = new FakeSession(version, settings: Settings());
        Boot(session);
        session.Receive(StartAction(version), Json.Of(Start(version, 1, "TAG-1")));
        session.Deliver();
        var transactionId = version == OcppVersion.V16
            ? session.Model.Connector(1)!.Transaction!.CsmsTransactionId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"\"{session.Model.Connector(1)!.Transaction!.Id}\"";

        string[] profiles = version == OcppVersion.V16
            ?
            [
                """{"connectorId":0,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"W","startSchedule":"2026-03-02T08:00:00Z","duration":7200,"chargingSchedulePeriod":[{"startPeriod":0,"limit":9000.5},{"startPeriod":600,"limit":7777.7}]}}}""",
                """{"connectorId":1,"csChargingProfiles":{"chargingProfileId":2,"stackLevel":1,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Recurring","recurrencyKind":"Daily","validFrom":"2026-03-01T00:00:00Z","validTo":"2026-04-01T00:00:00Z","chargingSchedule":{"chargingRateUnit":"A","startSchedule":"2026-03-01T07:30:00Z","minChargingRate":6.0,"chargingSchedulePeriod":[{"startPeriod":0,"limit":13.3,"numberPhases":1},{"startPeriod":3600,"limit":31.7}]}}}""",
                $$"""{"connectorId":1,"csChargingProfiles":{"chargingProfileId":3,"transactionId":{{transactionId}},"stackLevel":2,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","duration":900,"chargingSchedulePeriod":[{"startPeriod":0,"limit":11.1},{"startPeriod":300,"limit":9.9,"numberPhases":2}]} } }""",
            ]
            :
            [
                """{"evseId":0,"chargingProfile":{"id":1,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":11,"chargingRateUnit":"W","startSchedule":"2026-03-02T08:00:00Z","duration":7200,"chargingSchedulePeriod":[{"startPeriod":0,"limit":9000.5},{"startPeriod":600,"limit":7777.7}]}]}}""",
                """{"evseId":1,"chargingProfile":{"id":2,"stackLevel":1,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Recurring","recurrencyKind":"Daily","validFrom":"2026-03-01T00:00:00Z","validTo":"2026-04-01T00:00:00Z","chargingSchedule":[{"id":12,"chargingRateUnit":"A","startSchedule":"2026-03-01T07:30:00Z","minChargingRate":6.0,"chargingSchedulePeriod":[{"startPeriod":0,"limit":13.3,"numberPhases":1},{"startPeriod":3600,"limit":31.7}]}]}}""",
                $$"""{"evseId":1,"chargingProfile":{"id":3,"transactionId":{{transactionId}},"stackLevel":2,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative","chargingSchedule":[{"id":13,"chargingRateUnit":"A","duration":900,"chargingSchedulePeriod":[{"startPeriod":0,"limit":11.1},{"startPeriod":300,"limit":9.9,"numberPhases":2}]}]} }""",
            ];
        foreach (var profile in profiles)
        {
            Assert.That(session.Receive("SetChargingProfile", Json.Of(profile)).Result.Str("status"), Is.EqualTo("Accepted"), profile);
            session.Deliver();
        }

        foreach (var unit in new[] { "A", "W" })
        {
            foreach (var connector in new[] { 0, 1, 2 })
            {
                session.Receive("GetCompositeSchedule", Json.Of(version == OcppVersion.V16
                    ? $$"""{"connectorId":{{connector}},"duration":86400,"chargingRateUnit":"{{unit}}"}"""
                    : $$"""{"evseId":{{connector}},"duration":86400,"chargingRateUnit":"{{unit}}"}"""));
            }
        }

        if (version == OcppVersion.V201)
        {
            session.Receive("GetChargingProfiles", Json.Of("""{"requestId":9,"chargingProfile":{}}"""));
        }

        session.Pass(TimeSpan.FromMinutes(20));
        session.Deliver();
        session.Receive("ClearChargingProfile", []);
        session.Deliver();
        AssertConformant(session, version == OcppVersion.V16 ? [] : ["ReportChargingProfiles"]);
    }

    [TestCaseSource(nameof(Versions))]
    public void A_transaction_on_a_reservation_names_it(OcppVersion version)
    {
        var session = new FakeSession(version, settings: Settings());
        Boot(session);
        var reserve = version == OcppVersion.V16
            ? """{"connectorId":2,"expiryDate":"2026-03-02T09:00:00Z","idTag":"TAG-R","reservationId":31}"""
            : """{"id":31,"expiryDateTime":"2026-03-02T09:00:00Z","idToken":{"idToken":"TAG-R","type":"ISO14443"},"evseId":2}""";
        Assert.That(session.Receive("ReserveNow", Json.Of(reserve)).Result.Str("status"), Is.EqualTo("Accepted"));
        Assert.That(session.Receive(StartAction(version), Json.Of(Start(version, 2, "SOMEONE-ELSE"))).Result.Str("status"), Is.EqualTo("Rejected"));

        session.Receive(StartAction(version), Json.Of(Start(version, 2, "TAG-R")));
        session.Deliver();

        var start = version == OcppVersion.V16
            ? session.SentOf("StartTransaction").Single().Payload
            : session.SentOf("TransactionEvent").Single().Payload;
        Assert.Multiple(() =>
        {
            Assert.That(start.Int("reservationId"), Is.EqualTo(31));
            Assert.That(session.Model.Connector(2)!.Reservation, Is.Null);
        });
        AssertConformant(session);
    }

    [Test]
    public void The_conformance_check_itself_catches_invalid_requests_and_results()
    {
        var session = new FakeSession(OcppVersion.V201)
        {
            Csms = (_, _) => Json.Of("""{"currentTime":"yesterday"}"""),
        };
        session.Outbox.Add(new OutgoingCall("Heartbeat", () => Json.Of("""{"extra":1}""")));
        session.Deliver();
        session.Handled.Add(new HandledCall("Reset", [], CallReply.Ok(Json.Of("""{"status":"Maybe"}"""))));

        Assert.That(session.SchemaViolations(), Has.Count.EqualTo(3));
    }

    [Test]
    public void V16_StopTransaction_meterStop_is_at_least_meterStart_and_MeterValues_carry_the_CSMS_transactionId()
    {
        var session = new FakeSession(OcppVersion.V16, settings: Settings());
        Boot(session);
        session.Csms = (action, _) => action switch
        {
            "StartTransaction" => Json.Of("""{"transactionId":4711,"idTagInfo":{"status":"Accepted"}}"""),
            "StopTransaction" or "Authorize" => Json.Of("""{"idTagInfo":{"status":"Accepted"}}"""),
            _ => [],
        };

        // Some energy on the register first, so meterStart is not 0.
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "WARMUP", "ISO14443", TxTrigger.Authorized);
        session.Pass(TimeSpan.FromMinutes(3));
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Model.Unplug(1);
        session.Drain();
        session.Sent.Clear();
        session.Outbox.Clear();

        // The StartTransaction is still queued while meter values pile up behind it.
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);
        session.Pass(TimeSpan.FromMinutes(2));
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Drain();
        Assert.That(session.Outbox.Count(c => c.Action == "MeterValues"), Is.EqualTo(4));
        session.Deliver();

        var start = session.SentOf("StartTransaction").Single().Payload;
        var stop = session.SentOf("StopTransaction").Single().Payload;
        var meterValues = session.SentOf("MeterValues").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(start.Int("meterStart"), Is.EqualTo(550));
            Assert.That(stop.Int("meterStop"), Is.EqualTo(550 + 367));
            Assert.That(stop.Int("meterStop"), Is.GreaterThanOrEqualTo(start.Int("meterStart")!.Value));
            Assert.That(stop.Int("transactionId"), Is.EqualTo(4711));
            Assert.That(meterValues.Select(m => m.Payload.Int("transactionId")), Is.All.EqualTo(4711));
            Assert.That(meterValues.Select(m => m.Payload.Int("connectorId")), Is.All.EqualTo(1));
            Assert.That(stop["transactionData"]![0]!["sampledValue"]!.AsArray().Select(v => v.Str("context")), Is.All.EqualTo("Transaction.End"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void V16_messages_of_a_transaction_whose_start_never_got_through_use_minus_1()
    {
        var session = new FakeSession(OcppVersion.V16);
        session.Csms = (action, _) => action == "StartTransaction" ? null : action == "StopTransaction" ? Json.Of("""{}""") : [];

        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);
        session.Pass(TimeSpan.FromSeconds(61));
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Drain();
        session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(session.SentOf("MeterValues").Select(m => m.Payload.Int("transactionId")), Is.EqualTo(new int?[] { -1 }));
            Assert.That(session.SentOf("StopTransaction").Single().Payload.Int("transactionId"), Is.EqualTo(-1));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
