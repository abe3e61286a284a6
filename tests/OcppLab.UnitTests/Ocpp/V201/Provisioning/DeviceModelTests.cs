using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Provisioning;

/// <summary>OCPP 2.0.1 B (Provisioning): Get/SetVariables and the reports.</summary>
public sealed class DeviceModelTests
{
    [Test]
    public void GetVariables_answers_each_item_with_its_status()
    {
        var session = Session();
        session.Model.LocalList.Apply(1, full: true, [("A", new IdTagInfo(AuthorizationStatus.Accepted))], 100);

        var reply = session.Receive("GetVariables", Payloads.Of("""
            {"getVariableData":[
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"component":{"name":"FluxCapacitor"},"variable":{"name":"Flux"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NoSuchVariable"}},
              {"attributeType":"Target","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},
              {"component":{"name":"LocalAuthListCtrlr"},"variable":{"name":"Entries"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageAttempts","instance":"TransactionEvent"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageTimeout","instance":"Default"}}
            ]}
            """));
        var results = reply.Result!["getVariableResult"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Str("attributeStatus")), Is.EqualTo(new[]
            {
                "Accepted", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType", "Rejected", "Accepted", "Accepted", "Accepted",
            }));
            Assert.That(results.Select(r => r.Str("attributeValue")), Is.EqualTo(new[] { "300", null, null, null, null, "1", "3", "30" }));
            Assert.That(results[1]!["component"].Str("name"), Is.EqualTo("FluxCapacitor"), "the request's component is echoed");
            Assert.That(results[6]!["variable"].Str("instance"), Is.EqualTo("TransactionEvent"));
            Assert.That(results[3].Str("attributeType"), Is.EqualTo("Target"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void SetVariables_answers_each_item_with_its_status_and_applies_the_accepted_ones()
    {
        var session = Session();

        var reply = session.Receive("SetVariables", Payloads.Of("""
            {"setVariableData":[
              {"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"attributeValue":"Authorized","component":{"name":"TxCtrlr"},"variable":{"name":"TxStartPoint"}},
              {"attributeValue":"abc","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedInterval"}},
              {"attributeValue":"30","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"WebSocketPingInterval"}},
              {"attributeValue":"1","component":{"name":"FluxCapacitor"},"variable":{"name":"Flux"}},
              {"attributeValue":"1","component":{"name":"TxCtrlr"},"variable":{"name":"Flux"}},
              {"attributeType":"MaxSet","attributeValue":"1","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"attributeValue":"a-password-of-16+","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},
              {"attributeValue":"Energy.Active.Import.Register,SoC","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedMeasurands"}}
            ]}
            """));
        var results = reply.Result!["setVariableResult"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Str("attributeStatus")), Is.EqualTo(new[]
            {
                "Accepted", "Rejected", "Rejected", "RebootRequired", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType", "Accepted", "Accepted",
            }));
            Assert.That(session.Model.Settings.GetInt(SettingsCatalog.HeartbeatInterval), Is.EqualTo(60));
            Assert.That(session.Model.Settings.Get("TxCtrlr.TxStartPoint"), Is.EqualTo("PowerPathClosed"));
            Assert.That(session.Model.Settings.GetInt(SettingsCatalog.MeterValueSampleInterval), Is.EqualTo(60));
            Assert.That(session.Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData), Is.EqualTo(new[] { "Energy.Active.Import.Register", "SoC" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_answers_first_then_sends_the_full_inventory_in_pages()
    {
        var session = Session(new Dictionary<string, string> { ["DeviceDataCtrlr.ItemsPerMessage.GetReport"] = "10" });
        var expected = SettingsCatalog.All.Count(d => d.ExistsIn201);

        var reply = session.Receive("GetBaseReport", Payloads.Of("""{"requestId":42,"reportBase":"FullInventory"}"""), sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty, "the report follows the response");
        });

        session.ReplySent();
        var pages = session.Deliver();
        var items = pages.SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Action), Is.All.EqualTo("NotifyReport"));
            Assert.That(pages, Has.Count.EqualTo((expected + 9) / 10));
            Assert.That(pages.Select(p => p.Payload.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, pages.Count).Select(i => (int?)i)));
            Assert.That(pages.Select(p => p.Payload["tbc"]!.GetValue<bool>()), Is.EqualTo(Enumerable.Range(0, pages.Count).Select(i => i < pages.Count - 1)));
            Assert.That(pages.Select(p => p.Payload.Int("requestId")), Is.All.EqualTo(42));
            Assert.That(pages.Select(p => p.Payload["reportData"]!.AsArray().Count), Is.All.LessThanOrEqualTo(10));
            Assert.That(items, Has.Count.EqualTo(expected));
            var heartbeat = items.Single(i => i!["variable"].Str("name") == "HeartbeatInterval")!;
            Assert.That(heartbeat["variableAttribute"]![0].Str("value"), Is.EqualTo("300"));
            Assert.That(heartbeat["variableAttribute"]![0].Str("mutability"), Is.EqualTo("ReadWrite"));
            Assert.That(heartbeat["variableCharacteristics"].Str("dataType"), Is.EqualTo("integer"));
            var password = items.Single(i => i!["variable"].Str("name") == "BasicAuthPassword")!;
            Assert.That(password["variableAttribute"]![0]!.AsObject().ContainsKey("value"), Is.False, "a write-only value is never reported");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_ConfigurationInventory_reports_only_writable_variables()
    {
        var session = Session();

        session.Receive("GetBaseReport", Payloads.Of("""{"requestId":1,"reportBase":"ConfigurationInventory"}"""));
        var items = session.Deliver().SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(items, Is.Not.Empty);
            Assert.That(items.Select(i => i!["variableAttribute"]![0].Str("mutability")), Is.All.Not.EqualTo("ReadOnly"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_SummaryInventory_reports_availability_and_enablement()
    {
        var session = Session();

        session.Receive("GetBaseReport", Payloads.Of("""{"requestId":1,"reportBase":"SummaryInventory"}"""));
        var names = session.Deliver().SelectMany(p => p.Payload["reportData"]!.AsArray()).Select(i => i!["variable"].Str("name")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("AvailabilityState"));
            Assert.That(names, Is.All.AnyOf("AvailabilityState", "Available", "Enabled", "Entries"));
        });
    }

    [Test]
    public void GetReport_reports_the_requested_variables()
    {
        var session = Session();

        var reply = session.Receive("GetReport", Payloads.Of("""{"requestId":7,"componentVariable":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"component":{"name":"TxCtrlr"}}]}"""));
        var report = session.Deliver().Single();
        var names = report.Payload["reportData"]!.AsArray().Select(i => $"{i!["component"].Str("name")}.{i["variable"].Str("name")}").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(report.Payload.Int("requestId"), Is.EqualTo(7));
            Assert.That(names, Does.Contain("OCPPCommCtrlr.HeartbeatInterval").And.Contain("TxCtrlr.TxStartPoint").And.Contain("TxCtrlr.EVConnectionTimeOut"));
            Assert.That(names.Where(n => n.StartsWith("OCPPCommCtrlr.", StringComparison.Ordinal)), Is.EqualTo(new[] { "OCPPCommCtrlr.HeartbeatInterval" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetReport_with_nothing_to_report_is_EmptyResultSet_and_sends_nothing()
    {
        var session = Session();

        var unknown = session.Receive("GetReport", Payloads.Of("""{"requestId":7,"componentVariable":[{"component":{"name":"FluxCapacitor"}}]}"""));
        var problems = session.Receive("GetReport", Payloads.Of("""{"requestId":8,"componentCriteria":["Problem"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(unknown), Is.EqualTo("EmptyResultSet"));
            Assert.That(Status(problems), Is.EqualTo("EmptyResultSet"));
            Assert.That(session.Outbox, Is.Empty);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
