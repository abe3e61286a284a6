using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests;

/// <summary>
/// Proves the strict CSMS peer itself before any gateway test relies on it: a raw WebSocket plays
/// the charge point, sending exactly the frames each test needs, valid or not.
/// </summary>
public sealed class PeerSelfTests
{
    private const string Ocpp16 = "ocpp1.6";
    private const string Ocpp201 = "ocpp2.0.1";
    private const string Password = "s3cret-s3cret-16";

    private const string Boot16 = """{"chargePointVendor":"OcppLab","chargePointModel":"SelfTest"}""";
    private const string Boot201 = """{"reason":"PowerUp","chargingStation":{"vendorName":"OcppLab","model":"SelfTest"}}""";

    private StrictCsms _csms = null!;

    [OneTimeSetUp]
    public async Task StartPeer() => _csms = await StrictCsms.StartAsync();

    [OneTimeTearDown]
    public async Task StopPeer() => await _csms.DisposeAsync();

    // ---- boot ----------------------------------------------------------------------------------

    [Test]
    public async Task A_1_6_boot_is_accepted_with_the_configured_interval()
    {
        var id = NewIdentity("boot16");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig([BootStep.Accepted(42)]));
        await using var cp = await ConnectAsync(id, Ocpp16);

        var answer = await cp.CallAsync("BootNotification", Boot16);

        var state = await _csms.GetIdentityAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(cp.SubProtocol, Is.EqualTo(Ocpp16));
            Assert.That(Type(answer), Is.EqualTo(3), answer.ToJsonString());
            Assert.That(Str(answer[2], "status"), Is.EqualTo("Accepted"));
            Assert.That(answer[2]!["interval"]!.GetValue<int>(), Is.EqualTo(42));
            Assert.That(Str(answer[2], "currentTime"), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$"));
            Assert.That(state.Connected, Is.True);
            Assert.That(state.Protocol, Is.EqualTo(Ocpp16));
            Assert.That(state.Connections, Is.EqualTo(1));
            Assert.That(state.BootStatus, Is.EqualTo("Accepted"));
        });
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task A_boot_sequence_is_played_in_order_and_its_last_step_repeats()
    {
        var id = NewIdentity("seq16");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig([BootStep.Pending(1), BootStep.Accepted(300)]));
        await using var cp = await ConnectAsync(id, Ocpp16);

        var first = await cp.CallAsync("BootNotification", Boot16);
        var second = await cp.CallAsync("BootNotification", Boot16);
        var third = await cp.CallAsync("BootNotification", Boot16);

        Assert.Multiple(() =>
        {
            Assert.That((Str(first[2], "status"), first[2]!["interval"]!.GetValue<int>()), Is.EqualTo(("Pending", 1)));
            Assert.That((Str(second[2], "status"), second[2]!["interval"]!.GetValue<int>()), Is.EqualTo(("Accepted", 300)));
            Assert.That((Str(third[2], "status"), third[2]!["interval"]!.GetValue<int>()), Is.EqualTo(("Accepted", 300)));
        });
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task Default_1_6_answers_are_schema_valid_and_transaction_ids_increase()
    {
        var id = NewIdentity("def16");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig(HeartbeatInterval: 77));
        await using var cp = await ConnectAsync(id, Ocpp16);

        var boot = await cp.CallAsync("BootNotification", Boot16);
        var authorize = await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""");
        const string start = """{"connectorId":1,"idTag":"04A2B3C4D5","meterStart":0,"timestamp":"2025-01-01T12:00:00Z"}""";
        var tx1 = await cp.CallAsync("StartTransaction", start);
        var tx2 = await cp.CallAsync("StartTransaction", start);
        var heartbeat = await cp.CallAsync("Heartbeat", new { });
        var dataTransfer = await cp.CallAsync("DataTransfer", """{"vendorId":"OcppLab"}""");
        var status = await cp.CallAsync("StatusNotification", """{"connectorId":0,"errorCode":"NoError","status":"Available","timestamp":"2025-01-01T12:00:00Z"}""");

        Assert.Multiple(() =>
        {
            Assert.That(boot[2]!["interval"]!.GetValue<int>(), Is.EqualTo(77), "heartbeat_interval applies when the boot step has no interval");
            Assert.That(Str(authorize[2]!["idTagInfo"], "status"), Is.EqualTo("Accepted"));
            Assert.That(Str(tx1[2]!["idTagInfo"], "status"), Is.EqualTo("Accepted"));
            Assert.That(tx2[2]!["transactionId"]!.GetValue<int>(), Is.EqualTo(tx1[2]!["transactionId"]!.GetValue<int>() + 1));
            Assert.That(Str(heartbeat[2], "currentTime"), Does.EndWith("Z"));
            Assert.That(Str(dataTransfer[2], "status"), Is.EqualTo("Accepted"));
            Assert.That(status[2]!.ToJsonString(), Is.EqualTo("{}"));
        });
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task A_2_0_1_boot_is_accepted_and_TransactionEvent_gets_idTokenInfo_only_for_an_idToken()
    {
        var id = NewIdentity("boot201");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig([BootStep.Accepted(60)]));
        await using var cp = await ConnectAsync(id, Ocpp201);

        var boot = await cp.CallAsync("BootNotification", Boot201);
        var started = await cp.CallAsync("TransactionEvent", """
            {"eventType":"Started","timestamp":"2025-01-01T12:00:00.123Z","triggerReason":"Authorized","seqNo":0,
             "transactionInfo":{"transactionId":"6c1d0f4e-0000-4000-8000-000000000001"},
             "evse":{"id":1,"connectorId":1},"idToken":{"idToken":"04A2B3C4D5","type":"ISO14443"}}
            """);
        var updated = await cp.CallAsync("TransactionEvent", """
            {"eventType":"Updated","timestamp":"2025-01-01T12:01:00+02:00","triggerReason":"ChargingStateChanged","seqNo":1,
             "transactionInfo":{"transactionId":"6c1d0f4e-0000-4000-8000-000000000001","chargingState":"Charging"}}
            """);
        var heartbeat = await cp.CallAsync("Heartbeat", new { });

        Assert.Multiple(() =>
        {
            Assert.That(cp.SubProtocol, Is.EqualTo(Ocpp201));
            Assert.That((Str(boot[2], "status"), boot[2]!["interval"]!.GetValue<int>()), Is.EqualTo(("Accepted", 60)));
            Assert.That(Str(started[2]!["idTokenInfo"], "status"), Is.EqualTo("Accepted"));
            Assert.That(updated[2]!.ToJsonString(), Is.EqualTo("{}"));
            Assert.That(Str(heartbeat[2], "currentTime"), Does.EndWith("Z"));
        });
        await AssertNoViolationsAsync(id);
    }

    [TestCase(Ocpp16, Boot16, "OccurenceConstraintViolation")]
    [TestCase(Ocpp201, Boot201, "OccurrenceConstraintViolation")]
    public async Task An_invalid_BootNotification_is_a_violation_answered_with_the_versions_payload_error_code(string protocol, string validBoot, string expectedCode)
    {
        var id = NewIdentity("badboot");
        await using var cp = await ConnectAsync(id, protocol);
        // Drop the first required field: the first schema error is then 'required', whose code
        // ocpp-rpc spells the other version's way unless the peer rewrites it.
        var invalid = JsonNode.Parse(validBoot)!.AsObject();
        invalid.Remove(protocol == Ocpp16 ? "chargePointModel" : "reason");

        var answer = await cp.CallAsync("BootNotification", invalid, "bad-boot-1");

        Assert.Multiple(() =>
        {
            Assert.That(Type(answer), Is.EqualTo(4), answer.ToJsonString());
            Assert.That(Str(answer, 2), Is.EqualTo(expectedCode));
            Assert.That(answer[4], Is.InstanceOf<JsonObject>());
        });
        var violations = await ViolationsAsync(id);
        Assert.That(violations, Has.Some.Matches<PeerViolation>(v => v.Kind == ViolationKind.SchemaCall && v.Frame!.Contains("bad-boot-1")), Describe(violations));
        Assert.That((await _csms.GetIdentityAsync(id)).BootStatus, Is.Null);
    }

    [Test]
    public async Task Calls_before_an_accepted_boot_get_SecurityError_unless_the_CSMS_asked_for_them()
    {
        var id = NewIdentity("gate16");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig([BootStep.Pending(1), BootStep.Accepted(300)]));
        await using var cp = await ConnectAsync(id, Ocpp16);

        var beforeBoot = await cp.CallAsync("Heartbeat", new { });
        await cp.CallAsync("BootNotification", Boot16); // Pending
        var whilePending = await cp.CallAsync("Heartbeat", new { });

        // While Pending, a message the CSMS triggered is allowed.
        var trigger = _csms.CallAsync(id, "TriggerMessage", new { requestedMessage = "StatusNotification", connectorId = 0 });
        var triggerCall = await cp.IncomingCallAsync("TriggerMessage");
        await cp.AnswerAsync(triggerCall, new { status = "Accepted" });
        Assert.That((await trigger).Ok, Is.True);
        var triggered = await cp.CallAsync("StatusNotification", """{"connectorId":0,"errorCode":"NoError","status":"Available","timestamp":"2025-01-01T12:00:00Z"}""");

        Assert.Multiple(() =>
        {
            Assert.That((Type(beforeBoot), Str(beforeBoot, 2)), Is.EqualTo((4, "SecurityError")));
            Assert.That((Type(whilePending), Str(whilePending, 2)), Is.EqualTo((4, "SecurityError")));
            Assert.That(Type(triggered), Is.EqualTo(3), triggered.ToJsonString());
        });
        var kinds = (await ViolationsAsync(id)).Select(v => v.Kind).ToList();
        Assert.That(kinds, Is.EquivalentTo(new[] { ViolationKind.CallBeforeBoot, ViolationKind.CallWhilePending }));
    }

    // ---- CSMS-initiated calls ------------------------------------------------------------------

    [TestCase(Ocpp16, "GetConfiguration", "{}", """{"configurationKey":"not-an-array"}""", """{"configurationKey":[]}""")]
    [TestCase(Ocpp201, "GetVariables",
        """{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}""",
        """{"getVariableResult":"not-an-array"}""",
        """{"getVariableResult":[{"attributeStatus":"Accepted","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeValue":"300"}]}""")]
    public async Task A_CSMS_call_answered_with_an_invalid_result_is_a_violation(string protocol, string action, string request, string invalidResult, string validResult)
    {
        var id = NewIdentity("badres");
        await using var cp = await ConnectAndBootAsync(id, protocol);

        var invalidCall = _csms.CallAsync(id, action, request);
        await cp.AnswerAsync(await cp.IncomingCallAsync(action), invalidResult);
        var invalid = await invalidCall;

        var validCall = _csms.CallAsync(id, action, request);
        await cp.AnswerAsync(await cp.IncomingCallAsync(action), validResult);
        var valid = await validCall;

        Assert.Multiple(() =>
        {
            Assert.That(invalid.Ok, Is.False, invalid.ToString());
            Assert.That(invalid.InvalidResult, Is.True, invalid.ToString());
            Assert.That(invalid.Result!.ToJsonString(), Is.EqualTo(JsonNode.Parse(invalidResult)!.ToJsonString()));
            Assert.That(valid.Ok, Is.True, valid.ToString());
            Assert.That(JsonNode.DeepEquals(valid.Result, JsonNode.Parse(validResult)), Is.True, valid.ToString());
        });
        var violations = await ViolationsAsync(id);
        Assert.That(violations.Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.SchemaResult }), Describe(violations));
    }

    [Test]
    public async Task A_CALLERROR_from_the_charge_point_is_reported_as_sent_and_checked_against_the_versions_table()
    {
        var id = NewIdentity("cperr16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        var proper = _csms.CallAsync(id, "Reset", new { type = "Soft" });
        var call = await cp.IncomingCallAsync("Reset");
        await cp.SendAsync($"""[4,"{Str(call, 1)}","NotSupported","Reset is not supported",{"{}"}]""");
        var properResult = await proper;
        Assert.That(await ViolationsAsync(id), Is.Empty);

        var broken = _csms.CallAsync(id, "Reset", new { type = "Soft" });
        call = await cp.IncomingCallAsync("Reset");
        // 2.0.1 spelling on a 1.6 connection, a number as description, an array as details.
        await cp.SendAsync($"""[4,"{Str(call, 1)}","FormatViolation",5,[]]""");
        var brokenResult = await broken;

        Assert.Multiple(() =>
        {
            Assert.That((properResult.Ok, properResult.Error?.Code, properResult.Error?.Description), Is.EqualTo((false, "NotSupported", "Reset is not supported")));
            Assert.That((brokenResult.Ok, brokenResult.Error?.Code, brokenResult.Error?.Description), Is.EqualTo((false, "FormatViolation", "5")));
        });
        var kinds = (await ViolationsAsync(id)).Select(v => v.Kind).ToList();
        Assert.That(kinds, Is.EquivalentTo(new[] { ViolationKind.ErrorCodeNotInTable, ViolationKind.MalformedCallError, ViolationKind.MalformedCallError }));
    }

    [Test]
    public async Task Strict_mode_refuses_an_invalid_CSMS_call_unless_the_test_turns_it_off()
    {
        var id = NewIdentity("strict201");
        await using var cp = await ConnectAndBootAsync(id, Ocpp201);

        var refused = Assert.ThrowsAsync<StrictCsmsException>(() => _csms.CallAsync(id, "Reset", new { type = "Bogus" }));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var lenient = _csms.CallAsync(id, "Reset", new { type = "Bogus" }, strict: false);
        var call = await cp.IncomingCallAsync("Reset");
        await cp.SendAsync($$"""[4,"{{Str(call, 1)}}","FormatViolation","type must be Immediate or OnIdle",{}]""");
        var result = await lenient;

        Assert.Multiple(() =>
        {
            Assert.That(Str(call[3], "type"), Is.EqualTo("Bogus"));
            Assert.That((result.Ok, result.Error?.Code), Is.EqualTo((false, "FormatViolation")));
        });
        var sentByCsms = (await _csms.GetFramesAsync(id)).Where(f => !f.FromChargePoint && f.Action == "Reset").ToList();
        Assert.That(sentByCsms, Has.Count.EqualTo(1), "the refused call must never reach the wire");
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task A_CSMS_call_times_out_and_a_late_answer_is_recorded()
    {
        var id = NewIdentity("timeout16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        var result = await _csms.CallAsync(id, "ClearCache", new { }, timeout: TimeSpan.FromMilliseconds(300));
        var call = await cp.IncomingCallAsync("ClearCache");
        await cp.AnswerAsync(call, new { status = "Accepted" });

        Assert.That((result.Ok, result.Timeout), Is.EqualTo((false, true)), result.ToString());
        await Eventually.UntilAsync(() => ViolationsAsync(id), vs => vs.Any(v => v.Kind == ViolationKind.LateResponse), because: "late answer recorded");
    }

    [Test]
    public async Task A_CSMS_call_to_an_identity_that_is_not_connected_is_a_404()
    {
        var error = Assert.ThrowsAsync<StrictCsmsException>(() => _csms.CallAsync(NewIdentity("nobody"), "ClearCache"));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    // ---- handshake -----------------------------------------------------------------------------

    [Test]
    public async Task Without_a_shared_subprotocol_the_connection_is_closed_and_a_violation_recorded()
    {
        var id = NewIdentity("noproto");
        await using var cp = await RawChargePoint.ConnectAsync(_csms.EndpointFor(id), ["ocpp1.5"]);

        var status = await cp.WaitForCloseAsync();

        Assert.Multiple(() =>
        {
            Assert.That(cp.SubProtocol, Is.Null.Or.Empty, "the handshake completes without a subprotocol");
            Assert.That(status, Is.EqualTo(WebSocketCloseStatus.ProtocolError));
        });
        var violations = await ViolationsAsync(id);
        Assert.That(violations.Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.NoSharedSubprotocol }), Describe(violations));
        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => !s.Connected && s.LastCloseCode == 1002 && s.LastCloseBy == "csms", because: "identity state after close");
    }

    [TestCase(Ocpp16)]
    [TestCase(Ocpp201)]
    public async Task Basic_auth_accepts_the_right_password_and_refuses_anything_else_with_401(string protocol)
    {
        var id = NewIdentity("auth");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig(Password: Password));
        var endpoint = _csms.EndpointFor(id);

        var wrongPassword = await RawChargePoint.RefusedStatusAsync(endpoint, [protocol], new NetworkCredential(id, "wrong-password-0000"));
        var wrongUser = await RawChargePoint.RefusedStatusAsync(endpoint, [protocol], new NetworkCredential("someone-else", Password));
        var none = await RawChargePoint.RefusedStatusAsync(endpoint, [protocol]);
        await using var cp = await RawChargePoint.ConnectAsync(endpoint, [protocol], new NetworkCredential(id, Password));
        var boot = await cp.CallAsync("BootNotification", protocol == Ocpp16 ? Boot16 : Boot201);

        var state = await _csms.GetIdentityAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(wrongPassword, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongUser, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Str(boot[2], "status"), Is.EqualTo("Accepted"));
            Assert.That(state.AuthUsername, Is.EqualTo(id));
            Assert.That(state.AuthFailures, Is.EqualTo(3));
            Assert.That(state.Connections, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_identity_without_a_password_accepts_any_or_no_credentials()
    {
        var id = NewIdentity("open");
        await using (var withAuth = await RawChargePoint.ConnectAsync(_csms.EndpointFor(id), [Ocpp16], new NetworkCredential(id, "whatever")))
        {
            Assert.That((await _csms.GetIdentityAsync(id)).AuthUsername, Is.EqualTo(id));
        }

        await using var withoutAuth = await ConnectAsync(id, Ocpp16);
        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => s.Connected && s.Connections == 2 && s.AuthUsername is null);
    }

    [Test]
    public async Task Overlapping_connections_of_one_identity_are_counted_and_a_closed_one_is_not()
    {
        var id = NewIdentity("overlap");
        await using (var first = await ConnectAsync(id, Ocpp16))
        {
            await using var second = await ConnectAsync(id, Ocpp16);
            var both = await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => s.Connections == 2);
            Assert.That((both.OpenConnections, both.MaxOpenConnections), Is.EqualTo((2, 2)), "two at once are seen as two");
        }

        // One after the other (each closed before the next opens) is never two at once.
        var next = NewIdentity("sequential");
        for (var i = 0; i < 3; i++)
        {
            await using var cp = await ConnectAsync(next, Ocpp16);
            await cp.CallAsync("BootNotification", Boot16);
        }

        var state = await Eventually.UntilAsync(() => _csms.GetIdentityAsync(next), s => !s.Connected);
        Assert.That((state.Connections, state.OpenConnections, state.MaxOpenConnections), Is.EqualTo((3, 0, 1)));
    }

    [Test]
    public async Task The_identity_list_answers_what_each_identity_answers_and_filters_by_prefix()
    {
        var prefix = NewIdentity("list");
        var (booted, idle) = ($"{prefix}-a", $"{prefix}-b");
        await using var first = await ConnectAndBootAsync(booted, Ocpp16);
        await using (var second = await ConnectAsync(idle, Ocpp201))
        {
            await Eventually.UntilAsync(() => _csms.GetIdentityAsync(idle), s => s.Connected);
        }

        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(idle), s => !s.Connected);
        var listed = await _csms.GetIdentitiesAsync(prefix);
        var single = new[] { await _csms.GetIdentityAsync(booted), await _csms.GetIdentityAsync(idle) };
        var everyone = await _csms.GetIdentitiesAsync();
        var none = await _csms.GetIdentitiesAsync($"{prefix}-z");
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(Summary), Is.EquivalentTo(single.Select(Summary)), "the same fields as one identity's answer");
            Assert.That(listed.Single(s => s.Identity == booted).BootStatus, Is.EqualTo("Accepted"));
            Assert.That(listed.Single(s => s.Identity == idle).Connected, Is.False);
            Assert.That(everyone.Select(s => s.Identity), Is.SupersetOf(new[] { booted, idle }), "without a prefix: every identity");
            Assert.That(none, Is.Empty, "a prefix nobody has");
        });

        static string Summary(PeerIdentity s) =>
            $"{s.Identity} {s.Connected} {s.Protocol} {s.Connections} {s.OpenConnections} {s.MaxOpenConnections} {s.LastCloseCode} {s.LastCloseBy} {s.BootStatus} {s.RefusedUpgrades.Count}";
    }

    [Test]
    public async Task Refused_handshakes_are_recorded_with_their_status()
    {
        var id = NewIdentity("refused");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig(Password: Password));
        Assert.That(await RawChargePoint.RefusedStatusAsync(_csms.EndpointFor(id), [Ocpp16], new NetworkCredential(id, "wrong-password-0")), Is.EqualTo(HttpStatusCode.Unauthorized));

        var state = await _csms.GetIdentityAsync(id);
        Assert.That(state.RefusedUpgrades.Select(r => r.Status), Is.EqualTo(new[] { 401 }));
        Assert.That(state.RefusedUpgrades[0].Time, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromSeconds(30)));
    }

    // ---- recording -----------------------------------------------------------------------------

    [Test]
    public async Task Frames_are_recorded_in_both_directions_exactly_as_on_the_wire()
    {
        var id = NewIdentity("frames");
        const string bootText = """[2, "f-1", "BootNotification", {"chargePointVendor": "OcppLab", "chargePointModel": "SelfTest"}]""";
        await using (var cp = await ConnectAsync(id, Ocpp16))
        {
            await cp.SendAsync(bootText);
            await cp.ResponseToAsync("f-1");
            var call = _csms.CallAsync(id, "GetConfiguration", new { key = new[] { "HeartbeatInterval" } });
            var incoming = await cp.IncomingCallAsync("GetConfiguration");
            await cp.AnswerAsync(incoming, """{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"300"}]}""");
            Assert.That((await call).Ok, Is.True);
        }

        await using (var again = await ConnectAsync(id, Ocpp16))
        {
            await again.CallAsync("Heartbeat", new { }, "f-2");
        }

        var frames = await _csms.GetFramesAsync(id);
        var summary = frames.Select(f => (f.Connection, f.Direction, f.MessageType)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(summary, Is.EqualTo(new[]
            {
                (1, FrameDirection.CpToCsms, (int?)2),
                (1, FrameDirection.CsmsToCp, (int?)3),
                (1, FrameDirection.CsmsToCp, (int?)2),
                (1, FrameDirection.CpToCsms, (int?)3),
                (2, FrameDirection.CpToCsms, (int?)2),
                (2, FrameDirection.CsmsToCp, (int?)3),
            }), string.Join("\n", frames));
            Assert.That(frames[0].Message, Is.EqualTo(bootText), "inbound text is kept byte for byte");
            Assert.That(frames[2].Action, Is.EqualTo("GetConfiguration"));
            Assert.That(frames[3].MessageId, Is.EqualTo(frames[2].MessageId));
            Assert.That(frames[4].MessageId, Is.EqualTo("f-2"));
            Assert.That(frames.Select(f => f.Time), Is.Ordered);
            Assert.That(frames[0].Time, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task Framing_rules_are_checked_message_ids_one_outstanding_call_and_malformed_frames()
    {
        var id = NewIdentity("framing201");
        await using var cp = await ConnectAndBootAsync(id, Ocpp201);

        await cp.CallAsync("Heartbeat", new { }, new string('x', 37));
        await cp.CallAsync("Heartbeat", new { }, "reused-1");
        await cp.CallAsync("Heartbeat", new { }, "reused-1"); // a retry: 2.0.1 forbids reusing the id

        // Hold the first answer back so the second CALL is certainly sent while one is outstanding.
        await _csms.OverrideResponseAsync(id, "Heartbeat", ResponseOverride.Delayed(TimeSpan.FromMilliseconds(1500)));
        await cp.SendAsync("""[2,"slow-1","Heartbeat",{}]""");
        await cp.SendAsync("""[2,"slow-2","Heartbeat",{}]""");
        await cp.ResponseToAsync("slow-1");
        await cp.ResponseToAsync("slow-2");

        await cp.SendAsync("this is not json");
        var framework = await cp.ResponseToAsync("-1");

        Assert.That(Str(framework, 2), Is.EqualTo("RpcFrameworkError"));
        var kinds = (await ViolationsAsync(id)).Select(v => v.Kind).ToList();
        Assert.That(kinds, Is.EquivalentTo(new[]
        {
            ViolationKind.MessageIdTooLong, ViolationKind.MessageIdReused, ViolationKind.ConcurrentCall, ViolationKind.MalformedFrame,
        }));
    }

    [Test]
    public async Task In_1_6_a_retry_may_reuse_its_message_id_but_another_message_may_not()
    {
        var id = NewIdentity("retry16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        await cp.CallAsync("Heartbeat", new { }, "same-1");
        await cp.CallAsync("Heartbeat", new { }, "same-1");
        await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""", "same-1");

        var violations = await ViolationsAsync(id);
        Assert.That(violations.Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.MessageIdReused }), Describe(violations));
    }

    [TestCase(Ocpp16, """{"connectorId":0,"errorCode":"NoError","status":"Available","timestamp":"2025-01-01T12:00:00"}""", ViolationKind.TimestampWithoutOffset)]
    [TestCase(Ocpp201, """{"timestamp":"2025-01-01T12:00:00","connectorStatus":"Available","evseId":1,"connectorId":1}""", ViolationKind.TimestampWithoutOffset)]
    [TestCase(Ocpp201, """{"timestamp":"2025-01-01T12:00:00.123456Z","connectorStatus":"Available","evseId":1,"connectorId":1}""", ViolationKind.TimestampInvalid)]
    public async Task Timestamps_without_an_offset_are_violations_even_though_the_schema_check_passes(string protocol, string statusNotification, string expectedKind)
    {
        var id = NewIdentity("ts");
        await using var cp = await ConnectAndBootAsync(id, protocol);

        var answer = await cp.CallAsync("StatusNotification", statusNotification);

        Assert.That(Type(answer), Is.EqualTo(3), "ocpp-rpc itself lets it through");
        var violations = await ViolationsAsync(id);
        Assert.That(violations.Select(v => v.Kind), Is.EqualTo(new[] { expectedKind }), Describe(violations));
    }

    [Test]
    public async Task An_unknown_action_is_answered_NotImplemented_and_recorded()
    {
        var id = NewIdentity("unknown16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        var foreign = await cp.CallAsync("TransactionEvent", new { });
        var invented = await cp.CallAsync("MakeCoffee", new { });

        Assert.That((Str(foreign, 2), Str(invented, 2)), Is.EqualTo(("NotImplemented", "NotImplemented")));
        var kinds = (await ViolationsAsync(id)).Select(v => v.Kind).ToList();
        Assert.That(kinds, Is.EqualTo(new[] { ViolationKind.UnknownAction, ViolationKind.UnknownAction }));
    }

    // ---- overrides -----------------------------------------------------------------------------

    [Test]
    public async Task Overrides_replace_the_answer_until_cleared_and_error_codes_follow_the_version()
    {
        var id = NewIdentity("ovr16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        await _csms.OverrideResponseAsync(id, "Authorize", ResponseOverride.WithPayload(new { idTagInfo = new { status = "Blocked" } }));
        var blocked = await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""");

        // Asked in the 2.0.1 spelling: a 1.6 charge point must get the 1.6 spelling.
        await _csms.OverrideResponseAsync(id, "Authorize", ResponseOverride.WithError("OccurrenceConstraintViolation", "no"));
        var error = await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""");

        await _csms.OverrideResponseAsync(id, "Authorize", ResponseOverride.WithError("OccurrenceConstraintViolation", "as is", strict: false));
        var lenient = await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""");

        await _csms.ClearOverrideAsync(id, "Authorize");
        var normal = await cp.CallAsync("Authorize", """{"idTag":"04A2B3C4D5"}""");

        Assert.Multiple(() =>
        {
            Assert.That(Str(blocked[2]!["idTagInfo"], "status"), Is.EqualTo("Blocked"));
            Assert.That((Type(error), Str(error, 2), Str(error, 3)), Is.EqualTo((4, "OccurenceConstraintViolation", "no")));
            Assert.That(Str(lenient, 2), Is.EqualTo("OccurrenceConstraintViolation"));
            Assert.That(Str(normal[2]!["idTagInfo"], "status"), Is.EqualTo("Accepted"));
        });
        await AssertNoViolationsAsync(id);
    }

    [Test]
    public async Task A_no_answer_override_leaves_the_call_unanswered_without_blocking_the_next_one()
    {
        var id = NewIdentity("noans16");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        await _csms.OverrideResponseAsync(id, "Heartbeat", ResponseOverride.NoAnswer());
        await cp.SendAsync("""[2,"lost-1","Heartbeat",{}]""");
        var next = await cp.CallAsync("StatusNotification", """{"connectorId":0,"errorCode":"NoError","status":"Available","timestamp":"2025-01-01T12:00:00Z"}""", "after-1");

        var answeredIds = (await _csms.GetFramesAsync(id)).Where(f => !f.FromChargePoint).Select(f => f.MessageId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Type(next), Is.EqualTo(3));
            Assert.That(answeredIds, Does.Not.Contain("lost-1"));
        });
        await AssertNoViolationsAsync(id);
    }

    // ---- connection control --------------------------------------------------------------------

    [Test]
    public async Task Disconnect_closes_the_socket_with_the_requested_code()
    {
        var id = NewIdentity("disc");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        await _csms.DisconnectAsync(id, 4001, "test");

        Assert.That(await cp.WaitForCloseAsync(), Is.EqualTo((WebSocketCloseStatus)4001));
        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => !s.Connected && s.LastCloseCode == 4001 && s.LastCloseBy == "csms");
    }

    [Test]
    public async Task A_forced_disconnect_drops_the_socket_without_a_close_frame()
    {
        var id = NewIdentity("drop");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);

        await _csms.DisconnectAsync(id, force: true);

        Assert.That(await cp.WaitForCloseAsync(), Is.Null, "an abnormal closure carries no status");
        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => !s.Connected && s.LastCloseCode == 1006);
    }

    [Test]
    public async Task A_close_by_the_charge_point_is_recorded_with_its_code()
    {
        var id = NewIdentity("cpclose");
        var cp = await ConnectAndBootAsync(id, Ocpp201);

        await cp.DisposeAsync(); // closes with 1000

        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => !s.Connected && s.LastCloseCode == 1000 && s.LastCloseBy == "charge_point");
    }

    [Test]
    public async Task Offline_closes_sockets_and_refuses_upgrades_with_503_until_online_again()
    {
        var id = NewIdentity("offline");
        await using var cp = await ConnectAndBootAsync(id, Ocpp16);
        try
        {
            await _csms.GoOfflineAsync();
            var closed = await cp.WaitForCloseAsync();
            var refused = await RawChargePoint.RefusedStatusAsync(_csms.EndpointFor(id), [Ocpp16]);

            await _csms.GoOnlineAsync();
            await using var back = await ConnectAsync(id, Ocpp16);
            var heartbeat = await back.CallAsync("Heartbeat", new { });

            Assert.Multiple(() =>
            {
                Assert.That(closed, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
                Assert.That(refused, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(Type(heartbeat), Is.EqualTo(3), "boot state survives the outage");
            });
            var frames = await _csms.GetFramesAsync(id);
            Assert.That(frames.Select(f => f.Connection).Distinct(), Is.EqualTo(new[] { 1, 2 }), "frames are kept across the outage");
        }
        finally
        {
            await _csms.GoOnlineAsync();
        }

        await AssertNoViolationsAsync(id);
    }

    // ---- control API ---------------------------------------------------------------------------

    [Test]
    public async Task Bad_control_requests_get_400_and_the_peer_keeps_running()
    {
        var id = NewIdentity("ctl");
        using var http = new HttpClient { BaseAddress = _csms.ControlBase };

        async Task<int> StatusOf(HttpMethod method, string path, string? body)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        var statuses = new[]
        {
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}", "{not json"),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}", """{"boot":"Accepted"}"""),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}", """{"boot":[{"status":"Maybe"}]}"""),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}", """{"bogus":1}"""),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}/responses/Heartbeat", """{"payload":{"currentTime":12}}"""),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}/responses/Heartbeat", """{"payload":{},"no_answer":true}"""),
            await StatusOf(HttpMethod.Put, $"_control/identities/{id}/responses/Heartbeat", """{"error":{"code":"Oops"}}"""),
            await StatusOf(HttpMethod.Post, $"_control/identities/{id}/call", """{"payload":{}}"""),
            await StatusOf(HttpMethod.Post, $"_control/identities/{id}/call", "[1,2,3]"),
            await StatusOf(HttpMethod.Post, $"_control/identities/{id}/disconnect", """{"code":1006}"""),
            await StatusOf(HttpMethod.Get, "_control/identities/%E0%A4%A", null),
        };
        var notFound = await StatusOf(HttpMethod.Get, "_control/nothing-here", null);
        var wrongMethod = await StatusOf(HttpMethod.Delete, "_control/reset", null);

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(400));
            Assert.That(notFound, Is.EqualTo(404));
            Assert.That(wrongMethod, Is.EqualTo(405));
        });
        Assert.That(await _csms.GetViolationsAsync(), Has.None.Matches<PeerViolation>(v => v.Kind == ViolationKind.PeerError));
    }

    [Test]
    public async Task Reset_clears_frames_violations_and_configuration()
    {
        var id = NewIdentity("reset");
        await _csms.ConfigureIdentityAsync(id, new IdentityConfig(Password: Password));
        await using (var cp = await RawChargePoint.ConnectAsync(_csms.EndpointFor(id), [Ocpp16], new NetworkCredential(id, Password)))
        {
            await cp.CallAsync("Heartbeat", new { }); // before boot: a violation
        }

        await Eventually.UntilAsync(() => _csms.GetIdentityAsync(id), s => !s.Connected);
        Assert.That(await ViolationsAsync(id), Is.Not.Empty);
        await _csms.ResetAsync();

        var frames = await _csms.GetFramesAsync(id);
        var violations = await ViolationsAsync(id);
        var state = await _csms.GetIdentityAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(frames, Is.Empty);
            Assert.That(violations, Is.Empty);
            Assert.That(state.Connections, Is.EqualTo(0));
        });
        await using var withoutPassword = await ConnectAsync(id, Ocpp16); // the password is gone too
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static string NewIdentity(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private Task<RawChargePoint> ConnectAsync(string identity, string protocol) =>
        RawChargePoint.ConnectAsync(_csms.EndpointFor(identity), [protocol]);

    private async Task<RawChargePoint> ConnectAndBootAsync(string identity, string protocol)
    {
        var cp = await ConnectAsync(identity, protocol);
        var answer = await cp.CallAsync("BootNotification", protocol == Ocpp16 ? Boot16 : Boot201);
        Assert.That(Str(answer[2], "status"), Is.EqualTo("Accepted"), answer.ToJsonString());
        return cp;
    }

    private Task<IReadOnlyList<PeerViolation>> ViolationsAsync(string identity) => _csms.GetViolationsAsync(identity);

    private async Task AssertNoViolationsAsync(string identity)
    {
        var violations = await ViolationsAsync(identity);
        Assert.That(violations, Is.Empty, Describe(violations));
    }

    private static string Describe(IEnumerable<PeerViolation> violations) => string.Join("\n", violations);

    private static int Type(JsonArray frame) => frame[0]!.GetValue<int>();

    private static string? Str(JsonArray frame, int index) => frame[index]?.GetValue<string>();

    private static string? Str(JsonNode? node, string property) => node?[property]?.GetValue<string>();
}
