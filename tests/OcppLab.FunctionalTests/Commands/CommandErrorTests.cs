using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>§5 and §0: every 404, 409 and 422 of the commands, single-target and unified.</summary>
public sealed class CommandErrorTests : CommandTest
{
    private static readonly string[] SingleCommands = ["configuration", "cache/reset", "local-auth-list", "clear-local-auth-list", "inject-fault", "clear-fault"];

    private static readonly string[] UnifiedCommands =
    [
        "plug-connector", "unplug-connector", "unlock-connector", "authorize-id-tag", "start-transaction", "stop-transaction",
        "start-session", "stop-session", "ev-requests-energy", "ev-stops-energy", "power-update",
    ];

    /// <summary>A valid event for each command.</summary>
    private static JsonObject ValidEvent(string command) => command switch
    {
        "configuration" => new JsonObject { ["configuration"] = new JsonArray(new JsonObject { ["key"] = "HeartbeatInterval", ["value"] = "60" }) },
        "local-auth-list" => new JsonObject { ["list_version"] = 1, ["update_type"] = "Full", ["entries"] = new JsonArray() },
        "inject-fault" => new JsonObject { ["fault_type"] = "GroundFailure", ["connector_id"] = 1 },
        "authorize-id-tag" or "start-transaction" or "start-session" => new JsonObject { ["id_tag"] = "TAG-E", ["connector_id"] = 1 },
        "power-update" => new JsonObject { ["power_w"] = 5000, ["connector_id"] = 1 },
        _ => new JsonObject { ["connector_id"] = 1 },
    };

    [Test]
    public async Task A_stopped_charger_is_a_409_for_single_commands_and_listed_in_failed_for_unified_ones()
    {
        var charger = await ConnectedChargerAsync(V16);
        await StopChargerAsync(Client, charger);

        foreach (var command in SingleCommands)
        {
            var problem = await (await PostCommandAsync(command, new { charger_id = charger.Id }, ValidEvent(command))).AssertProblemAsync(409);
            Assert.That(problem.Str("detail"), Does.Contain("start").IgnoreCase, command);
        }

        foreach (var command in UnifiedCommands)
        {
            Assert.That(await FailedAsync(command, charger, ValidEvent(command)), Does.Contain("start").IgnoreCase, command);
        }
    }

    [Test]
    public async Task A_charger_that_cannot_reach_its_CSMS_is_a_409_and_in_failed()
    {
        // Running, but its CSMS does not exist: never connected.
        var id = await Client.CreateChargerAsync(NewIdentity(V201, "NOCSMS"), V201);
        Assert.That((await Client.WaitForProvisioningAsync(id, Wait)).Str("status"), Is.EqualTo("READY"));
        var charger = new TestCharger(id, (await Client.GetJsonAsync($"/ocpp/chargers/{id}")).Str("identity"), V201);

        var problem = await (await PostCommandAsync("inject-fault", new { charger_id = id }, ValidEvent("inject-fault"))).AssertProblemAsync(409);
        Assert.That(problem.Str("detail"), Does.Contain("not connected"));
        Assert.That(await FailedAsync("plug-connector", charger), Does.Contain("not connected"));
    }

    [TestCase(V16, "connector_id")]
    [TestCase(V201, "evse_id")]
    public async Task An_unknown_connector_or_EVSE_is_a_422_naming_the_field(string version, string field)
    {
        var charger = await ConnectedChargerAsync(version);
        var unknown = new JsonObject { [field] = 9 };

        foreach (var command in new[] { "inject-fault", "clear-fault" })
        {
            var e = ValidEvent(command);
            e.Remove("connector_id");
            e[field] = 9;
            var problem = await (await PostCommandAsync(command, new { charger_id = charger.Id }, e)).AssertValidationAsync("event." + field);
            Assert.That(problem.ErrorsOf("event." + field)[0], Does.Contain("9"));
        }

        // Unified: the charger lands in failed with the same reason.
        Assert.That(await FailedAsync("plug-connector", charger, unknown), Does.Contain("9").And.Contain("does not exist"));
        await WaitForConnectorAsync(charger, c => Text(c, "status") == "Available", "untouched", index: 1);
    }

    [Test]
    public async Task A_2_0_1_EVSE_has_only_connector_1_and_a_1_6_charger_has_no_EVSEs()
    {
        var v201 = await ConnectedChargerAsync(V201);
        await (await PostCommandAsync("inject-fault", new { charger_id = v201.Id }, new { fault_type = "GroundFailure", evse_id = 1, connector_id = 2 }))
            .AssertValidationAsync("event.connector_id");

        var v16 = await ConnectedChargerAsync(V16);
        await (await PostCommandAsync("inject-fault", new { charger_id = v16.Id }, new { fault_type = "GroundFailure", evse_id = 2, connector_id = 1 }))
            .AssertValidationAsync("event.evse_id");
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_busy_connector_refuses_a_second_session_and_the_first_one_goes_on(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("start-session", charger, new { id_tag = "TAG-BUSY", connector_id = 1 });
        var transactionId = Text(await WaitForConnectorAsync(charger, c => Text(c, "transaction_id") is not null, "a transaction"), "transaction_id");

        Assert.That(await FailedAsync("start-session", charger, new { id_tag = "TAG-BUSY-2", connector_id = 1 }), Does.Contain("already has a transaction"));
        Assert.That(await FailedAsync("start-transaction", charger, new { id_tag = "TAG-BUSY-2", connector_id = 1 }), Does.Contain("already has a transaction"));
        Assert.That(Text(await ConnectorAsync(charger), "transaction_id"), Is.EqualTo(transactionId));
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task State_conflicts_of_single_commands_are_409s(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        var notFaulted = await (await PostCommandAsync("clear-fault", new { charger_id = charger.Id }, charger.Connector())).AssertProblemAsync(409);
        Assert.That(notFaulted.Str("detail"), Does.Contain("not faulted"));

        // Nothing to stop, nothing plugged: the unified ones land in failed.
        Assert.That(await FailedAsync("stop-transaction", charger, charger.Connector()), Does.Contain("no transaction"));
        Assert.That(await FailedAsync("stop-session", charger, charger.Connector()), Does.Contain("no session"));
        Assert.That(await FailedAsync("unplug-connector", charger, charger.Connector()), Does.Contain("no cable"));
        Assert.That(await FailedAsync("ev-stops-energy", charger, charger.Connector()), Does.Contain("no car"));
        await QueuedAsync("plug-connector", charger, charger.Connector());
        Assert.That(await FailedAsync("plug-connector", charger, charger.Connector()), Does.Contain("already"));
    }

    [Test]
    public async Task Target_combinations_are_validated()
    {
        var location = await Client.CreateLocationIdAsync("Targets");
        var e = new { connector_id = 1 };

        await (await PostCommandAsync("plug-connector", new { charger_id = "dep-x", location_id = location }, e)).AssertValidationAsync("target");
        await (await PostCommandAsync("plug-connector", new { charger_ids = new[] { "dep-x" } }, e)).AssertValidationAsync("target", "target.charger_ids");
        await (await PostCommandAsync("plug-connector", new { charger_id = "dep-x", charger_ids = new[] { "dep-x" } }, e)).AssertValidationAsync("target.charger_ids");
        await (await PostCommandAsync("plug-connector", new { }, e)).AssertValidationAsync("target");
        await (await PostCommandAsync("plug-connector", null, e)).AssertValidationAsync("target");
        await (await PostCommandAsync("plug-connector", new { location_id = location, charger_ids = Array.Empty<string>() }, e)).AssertValidationAsync("target.charger_ids");
        await (await PostCommandAsync("plug-connector", new { location_id = location, charger_ids = new[] { " " } }, e)).AssertValidationAsync("target.charger_ids");

        // Values of the wrong type are named wherever they are, all of them.
        await (await PostCommandAsync("start-session", new { charger_id = 5 }, new { connector_id = "one", duration_seconds = "long" }))
            .AssertValidationAsync("target.charger_id", "event.connector_id", "event.duration_seconds");

        // A single-target command takes exactly one charger_id.
        await (await PostCommandAsync("inject-fault", new { location_id = location }, ValidEvent("inject-fault"))).AssertValidationAsync("target", "target.charger_id");
        await (await PostCommandAsync("inject-fault", new { charger_id = "dep-x", location_id = location }, ValidEvent("inject-fault"))).AssertValidationAsync("target");
        await (await PostCommandAsync("cache/reset", null)).AssertValidationAsync("target");
        await (await PostCommandAsync("proxy-message", new { location_id = location }, new { action = "Heartbeat" })).AssertValidationAsync("target", "target.charger_id");

        // A location id that is not a UUID is a binding error on its own path.
        await (await PostCommandAsync("plug-connector", new { location_id = "not-a-uuid" }, e)).AssertValidationAsync("target.location_id");
    }

    [TestCase("inject-fault", """{}""", new[] { "event.fault_type" })]
    [TestCase("inject-fault", """{"fault_type":"Sneezing","connector_id":1}""", new[] { "event.fault_type" })]
    [TestCase("inject-fault", """{"fault_type":"GroundFailure","connector_id":-1,"evse_id":-2}""", new[] { "event.connector_id", "event.evse_id" })]
    [TestCase("inject-fault", """{"fault_type":"GroundFailure","connector_id":"one"}""", new[] { "event.connector_id" })]
    [TestCase("configuration", """{}""", new[] { "event.configuration" })]
    [TestCase("configuration", """{"configuration":[]}""", new[] { "event.configuration" })]
    [TestCase("configuration", """{"configuration":[{"value":"1"},{"key":"HeartbeatInterval"}]}""", new[] { "event.configuration[0].key", "event.configuration[1].value" })]
    [TestCase("local-auth-list", """{"update_type":"Partial"}""", new[] { "event.list_version", "event.update_type" })]
    [TestCase("local-auth-list", """{"list_version":1,"update_type":"Full","entries":[{"status":"Bogus"}]}""", new[] { "event.entries[0].id_tag", "event.entries[0].status" })]
    [TestCase("authorize-id-tag", """{}""", new[] { "event.id_tag" })]
    [TestCase("start-transaction", """{"id_tag":"","connector_id":1}""", new[] { "event.id_tag" })]
    [TestCase("start-session", """{"id_tag":"0123456789012345678901234567890123456"}""", new[] { "event.id_tag" })]
    [TestCase("start-session", """{"id_tag":"T","duration_seconds":0,"target_energy_kwh":-1}""", new[] { "event.duration_seconds", "event.target_energy_kwh" })]
    [TestCase("stop-transaction", """{"connector_id":1,"reason":"BoredNow"}""", new[] { "event.reason" })]
    [TestCase("power-update", """{"connector_id":1}""", new[] { "event.power_w" })]
    [TestCase("power-update", """{"power_w":-5}""", new[] { "event.power_w" })]
    [TestCase("proxy-message", """{}""", new[] { "event.action" })]
    [TestCase("proxy-message", """{"action":"Heartbeat","ocpp_version":"ocpp9","timeout_seconds":0}""", new[] { "event.ocpp_version", "event.timeout_seconds" })]
    public async Task Missing_or_invalid_event_fields_are_422s_with_snake_case_paths(string command, string evt, string[] fields)
    {
        var body = $$"""{"target":{"charger_id":"dep-anything"},"event":{{evt}}}""";

        await (await Client.PostRawAsync($"/ocpp/commands/{command}", body)).AssertValidationAsync(fields);
    }

    [TestCase("proxy-message", """{"target":{"charger_id":"dep-x"},"event":{"action":"Heartbeat","payload":[1]}}""", new[] { "event.payload" })]
    [TestCase("proxy-message", """{"target":{"charger_id":"dep-x"},"event":{"action":"Heartbeat","validate":"yes"}}""", new[] { "event.validate" })]
    [TestCase("plug-connector", """{"target":{"location_id":"6b1d9c52-8d5e-4f9a-9a57-3f6d3c1b2a10","charger_ids":"dep-x"}}""", new[] { "target.charger_ids" })]
    [TestCase("plug-connector", """{"target":"dep-x"}""", new[] { "target" })]
    [TestCase("start-session", """{"target":{"charger_id":"dep-x"},"event":{"id_tag":"T","duration_seconds":1.5}}""", new[] { "event.duration_seconds" })]
    public async Task Wrongly_typed_fields_are_422s_on_their_own_path(string command, string body, string[] fields) =>
        await (await Client.PostRawAsync($"/ocpp/commands/{command}", body)).AssertValidationAsync(fields);

    [TestCase("2099-01-01T00:00:00")]
    [TestCase("2099-01-01")]
    [TestCase("2099-01-01 00:00:00Z")]
    [TestCase("soon")]
    public async Task A_body_date_time_without_an_offset_is_a_422_on_its_path(string expiry)
    {
        // Issue 10 item 2: a body date-time is read like a query one, never as UTC or local time by guess.
        var body = new JsonObject
        {
            ["target"] = new JsonObject { ["charger_id"] = "dep-anything" },
            ["event"] = new JsonObject
            {
                ["list_version"] = 1,
                ["update_type"] = "Full",
                ["entries"] = new JsonArray(
                    new JsonObject { ["id_tag"] = "TAG-1", ["status"] = "Accepted", ["expiry_date"] = "2099-01-01T00:00:00+05:00" },
                    new JsonObject { ["id_tag"] = "TAG-2", ["status"] = "Accepted", ["expiry_date"] = expiry }),
            },
        };

        var problem = await (await Client.PostRawAsync("/ocpp/commands/local-auth-list", body.ToJsonString())).AssertValidationAsync("event.entries[1].expiry_date");

        Assert.That(problem.ErrorsOf("event.entries[1].expiry_date")[0], Does.Contain("offset").And.Contain("RFC 3339"));
    }

    [Test]
    public async Task At_most_1000_charger_ids_may_be_listed()
    {
        var location = await Client.CreateLocationIdAsync("Too many");
        var ids = Enumerable.Range(0, 1001).Select(i => $"dep-{i:x12}").ToArray();

        await (await PostCommandAsync("plug-connector", new { location_id = location, charger_ids = ids })).AssertValidationAsync("target.charger_ids");
        var answer = await FanOutAsync("plug-connector", new { location_id = location, charger_ids = ids[..1000] });
        Assert.That(answer["failed_count"]!.GetValue<int>(), Is.EqualTo(1000), "none of them is in the location");
    }

    [TestCase("inject-fault")]
    [TestCase("configuration")]
    [TestCase("local-auth-list")]
    [TestCase("start-session")]
    [TestCase("power-update")]
    [TestCase("authorize-id-tag")]
    public async Task A_command_that_needs_an_event_is_a_422_without_one(string command) =>
        await (await PostCommandAsync(command, new { charger_id = "dep-anything" })).AssertValidationAsync("event");

    [Test]
    public async Task An_OCPP_1_6_id_tag_is_at_most_20_characters()
    {
        var charger = await ConnectedChargerAsync(V16);

        Assert.That(await FailedAsync("authorize-id-tag", charger, new { id_tag = new string('A', 21) }), Does.Contain("20"));
        await QueuedAsync("authorize-id-tag", charger, new { id_tag = new string('A', 20) });
    }

    [Test]
    public async Task Another_tenants_charger_is_a_404_for_single_and_unified_commands()
    {
        var charger = await ConnectedChargerAsync(V16);
        var stranger = Gateway.ClientFor(GatewayApi.NewOrg("other"));

        // Every unified route is covered in UnifiedTargetTests; here one of each kind side by side.
        foreach (var target in new[] { charger.Id, charger.Identity, "dep-000000000000" })
        {
            await (await PostCommandAsync(stranger, "inject-fault", new { charger_id = target }, ValidEvent("inject-fault"))).AssertProblemAsync(404);
            await (await PostCommandAsync(stranger, "proxy-message", new { charger_id = target }, new { action = "Heartbeat" })).AssertProblemAsync(404);
            await (await PostCommandAsync(stranger, "plug-connector", new { charger_id = target }, new { connector_id = 1 })).AssertProblemAsync(404);
        }

        // The owner's charger was never touched.
        Assert.That(Text(await ConnectorAsync(charger), "status"), Is.EqualTo("Available"));
    }

    [Test]
    public async Task An_unknown_or_another_tenants_location_is_a_404()
    {
        var stranger = Gateway.ClientFor(GatewayApi.NewOrg("other"));
        var theirs = await stranger.CreateLocationIdAsync("Theirs");

        await (await PostCommandAsync("plug-connector", new { location_id = Guid.NewGuid() }, new { connector_id = 1 })).AssertProblemAsync(404);
        await (await PostCommandAsync("plug-connector", new { location_id = theirs }, new { connector_id = 1 })).AssertProblemAsync(404);
        await (await PostCommandAsync("plug-connector", new { location_id = theirs, charger_ids = new[] { "dep-x" } }, new { connector_id = 1 })).AssertProblemAsync(404);
    }
}
