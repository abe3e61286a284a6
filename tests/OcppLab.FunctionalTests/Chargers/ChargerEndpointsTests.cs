using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OcppLab.Domain.Logs;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>§2.1 list, §2.4 get, §2.5 update, §2.6 delete.</summary>
public sealed class ChargerEndpointsTests : SharedGatewayTests
{
    private static readonly string[] RuntimeStates = ["stopped", "starting", "connecting", "connected", "reconnecting", "failed"];

    [Test]
    public async Task Get_returns_the_whole_charger()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-GET", extra: new { charge_point_name = "Fast Bay 01" });

        var charger = await client.GetJsonAsync($"/ocpp/chargers/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(charger.Str("id"), Is.EqualTo(id));
            Assert.That(charger.Str("identity"), Is.EqualTo("CP-GET"));
            Assert.That(charger.Str("name"), Is.EqualTo("Fast Bay 01"));
            Assert.That(charger.Str("vendor_name"), Is.EqualTo("ABB"));
            Assert.That(charger.Str("model"), Is.EqualTo("Terra 184"));
            Assert.That(charger.AsObject().ContainsKey("image_url"), Is.True);
            Assert.That(charger.Str("ocpp_version"), Is.EqualTo("OCPP1.6"));
            Assert.That(charger["number_of_connectors"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(charger["max_charging_power"]!.GetValue<int>(), Is.EqualTo(180_000));
            Assert.That(charger.Str("connector_type"), Is.EqualTo("CCS2"));
            Assert.That(Guid.TryParse(charger.Str("location_id"), out _), Is.True);
            Assert.That(charger.Str("created_at"), Does.EndWith("Z"));
            Assert.That(charger.Str("updated_at"), Does.EndWith("Z"));
            Assert.That(charger.Str("brand_slug"), Is.EqualTo("abb"));
            Assert.That(charger.Str("model_slug"), Is.EqualTo("terra-184"));
            Assert.That(charger.Str("ws_url"), Is.EqualTo(GatewayApi.WsUrl));
            Assert.That(charger["security_profile"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(charger.Str("provisioning_status"), Is.AnyOf("PROVISIONING", "READY"));
        });

        var runtime = charger["runtime"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(runtime.Str("desired_state"), Is.AnyOf("running", "stopped"));
            Assert.That(runtime.Str("state"), Is.AnyOf(RuntimeStates));
            Assert.That(runtime.ContainsKey("boot_status"), Is.True);
            Assert.That(runtime.ContainsKey("connected_at"), Is.True);
            Assert.That(runtime.ContainsKey("last_heartbeat_at"), Is.True);
            Assert.That(runtime["restart_required"]!.GetValue<bool>(), Is.False);
            var connectors = runtime["connectors"]!.AsArray();
            Assert.That(connectors, Has.Count.EqualTo(2));
            Assert.That(
                connectors.Select(c => c!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal)),
                Has.All.EqualTo(new[] { "connector_id", "evse_id", "status", "transaction_id" }));
        });
    }

    [Test]
    public async Task Timestamps_are_utc_with_Z()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-TIME");
        await client.WaitForProvisioningAsync(id);

        var charger = await client.GetJsonAsync($"/ocpp/chargers/{id}");
        var status = await client.GetJsonAsync($"/ocpp/chargers/{id}/status");
        var location = await client.GetJsonAsync($"/ocpp/locations/{charger.Str("location_id")}");

        Assert.That(
            new[] { charger.Str("created_at"), charger.Str("updated_at"), status.Str("provisioned_at"), location.Str("created_at"), location.Str("updated_at") },
            Has.All.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$"));
    }

    [Test]
    public async Task List_pages_the_tenants_chargers_in_creation_order()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var ids = new List<string>();
        foreach (var identity in new[] { "CP-L1", "CP-L2", "CP-L3" })
        {
            ids.Add(await client.CreateChargerAsync(identity));
        }

        var all = await client.GetJsonAsync("/ocpp/chargers");
        var page2 = await client.GetJsonAsync("/ocpp/chargers?page=2&limit=2");
        var beyond = await client.GetJsonAsync("/ocpp/chargers?page=5&limit=2");

        Assert.Multiple(() =>
        {
            PageAssert.IsPage(all, total: 3, number: 1, limit: 50, ids);
            PageAssert.IsPage(page2, total: 3, number: 2, limit: 2, [ids[2]]);
            PageAssert.IsPage(beyond, total: 3, number: 5, limit: 2, []);
        });
    }

    [Test]
    public async Task List_filters_by_location_id()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var locationId = await client.CreateLocationIdAsync("Filtered");
        var inside = await client.CreateChargerAsync("CP-IN", extra: new { location_id = locationId });
        await client.CreateChargerAsync("CP-OUT");

        var page = await client.GetJsonAsync($"/ocpp/chargers?location_id={locationId}");

        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(page["data"]!.AsArray().Select(c => c.Str("id")), Is.EqualTo(new[] { inside }));
    }

    [Test]
    public async Task Get_of_an_unknown_charger_is_a_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var problem = await (await client.GetAsync("/ocpp/chargers/dep-000000000000")).AssertProblemAsync(404);

        Assert.That(problem.Str("detail"), Does.Contain("dep-000000000000"));
        await (await client.GetAsync("/ocpp/chargers/dep-000000000000/status")).AssertProblemAsync(404);
        await (await client.PutJsonAsync("/ocpp/chargers/dep-000000000000", new { charge_point_name = "x" })).AssertProblemAsync(404);
        await (await client.DeleteAsync("/ocpp/chargers/dep-000000000000")).AssertProblemAsync(404);
    }

    [Test]
    public async Task Update_changes_only_the_fields_given()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-PUT", version: "OCPP2.0.1", extra: new { charge_point_name = "Before" });
        await client.WaitForProvisioningAsync(id);
        var before = await client.GetJsonAsync($"/ocpp/chargers/{id}");

        var after = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = "wss://csms.example.test/ocpp" })).ExpectJsonAsync(200);

        Assert.That(after.Str("ws_url"), Is.EqualTo("wss://csms.example.test/ocpp"));
        AssertSameExcept(before, after, "ws_url", "updated_at", "runtime");
        Assert.That(DateTimeOffset.Parse(after.Str("updated_at")), Is.GreaterThan(DateTimeOffset.Parse(before.Str("updated_at"))));
        var reread = await client.GetJsonAsync($"/ocpp/chargers/{id}");
        Assert.That(reread.Str("ws_url"), Is.EqualTo("wss://csms.example.test/ocpp"));
        Assert.That(reread.Str("name"), Is.EqualTo("Before"));
    }

    [Test]
    public async Task Update_renames_moves_and_changes_connector_type_and_version()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-PUT-2");
        var target = await client.CreateLocationIdAsync("Target");
        var before = await client.GetJsonAsync($"/ocpp/chargers/{id}");

        var after = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new
        {
            charge_point_name = "  New name  ", connector_type = "chademo", location_id = target, ocpp_version = "ocpp2.0.1",
        })).ExpectJsonAsync(200);

        Assert.Multiple(() =>
        {
            Assert.That(after.Str("name"), Is.EqualTo("New name"));
            Assert.That(after.Str("connector_type"), Is.EqualTo("CHAdeMO"));
            Assert.That(after.Str("location_id"), Is.EqualTo(target));
            Assert.That(after.Str("ocpp_version"), Is.EqualTo("OCPP2.0.1"));
        });
        AssertSameExcept(before, after, "name", "connector_type", "location_id", "ocpp_version", "updated_at", "runtime", "provisioning_status");
    }

    [Test]
    public async Task An_empty_update_changes_nothing()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-PUT-EMPTY");
        await client.WaitForProvisioningAsync(id);
        var before = await client.GetJsonAsync($"/ocpp/chargers/{id}");

        var after = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { })).ExpectJsonAsync(200);

        AssertSameExcept(before, after, "runtime");
    }

    [Test]
    public async Task Update_applies_the_create_rules_to_the_resulting_settings()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-PUT-SEC");
        var url = $"/ocpp/chargers/{id}";

        await (await client.PutJsonAsync(url, new { security_profile = 1 })).AssertValidationAsync("authorization_key");
        await (await client.PutJsonAsync(url, new { security_profile = 3 })).AssertValidationAsync("security_profile");
        await (await client.PutJsonAsync(url, new { ws_url = "http://csms.example.test" })).AssertValidationAsync("ws_url");
        await (await client.PutJsonAsync(url, new { ocpp_version = "OCPP2.1" })).AssertValidationAsync("ocpp_version");
        await (await client.PutJsonAsync(url, new { connector_type = "Type2" })).AssertValidationAsync("connector_type");
        await (await client.PutJsonAsync(url, new { connector_type = "" })).AssertValidationAsync("connector_type");
        await (await client.PutJsonAsync(url, new { charge_point_name = " " })).AssertValidationAsync("charge_point_name");
        await (await client.PutJsonAsync(url, new { authorization_key = "short" })).AssertValidationAsync("authorization_key");
        await (await client.PutJsonAsync(url, new { location_id = Guid.NewGuid() })).AssertValidationAsync("location_id");

        var withKey = await (await client.PutJsonAsync(url, new { security_profile = 1, authorization_key = "0123456789abcdef" })).ExpectJsonAsync(200);
        Assert.That(withKey["security_profile"]!.GetValue<int>(), Is.EqualTo(1));

        // The stored key satisfies profile 2, but profile 2 needs TLS.
        await (await client.PutJsonAsync(url, new { security_profile = 2 })).AssertValidationAsync("ws_url");
        var tls = await (await client.PutJsonAsync(url, new { security_profile = 2, ws_url = "wss://csms.example.test/ocpp" })).ExpectJsonAsync(200);
        Assert.That(tls["security_profile"]!.GetValue<int>(), Is.EqualTo(2));

        var unchanged = await client.GetJsonAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(unchanged.Str("ocpp_version"), Is.EqualTo("OCPP1.6"));
            Assert.That(unchanged.Str("connector_type"), Is.EqualTo("CCS2"));
            Assert.That(unchanged.Str("name"), Is.EqualTo("CP-PUT-SEC"));
        });
    }

    [Test]
    public async Task Delete_removes_the_charger_its_workflow_rows_its_state_and_its_logs()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-DEL");
        var keep = await client.CreateChargerAsync("CP-KEEP");
        await client.WaitForProvisioningAsync(id);
        await client.WaitForProvisioningAsync(keep);
        await Factory.WithDbAsync(async db =>
        {
            foreach (var chargerId in new[] { id, keep })
            {
                db.ChargerLogs.Add(new ChargerLog
                {
                    ChargerId = chargerId,
                    Direction = LogDirection.CpToCsms,
                    Action = "Heartbeat",
                    Message = "[2,\"1\",\"Heartbeat\",{}]",
                    Timestamp = DateTimeOffset.UtcNow,
                    MessageType = LogMessageType.Call,
                    MessageId = "1",
                });
            }

            return await db.SaveChangesAsync();
        });

        var response = await client.DeleteAsync($"/ocpp/chargers/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
        await (await client.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        await (await client.GetAsync($"/ocpp/chargers/{id}/status")).AssertProblemAsync(404);
        await (await client.DeleteAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        var leftovers = await Factory.WithDbAsync(async db => new
        {
            Runs = await db.WorkflowRuns.CountAsync(r => r.SubjectId == id),
            Steps = await db.WorkflowSteps.CountAsync(s => db.WorkflowRuns.Any(r => r.Id == s.RunId && r.SubjectId == id)),
            States = await db.ChargerStates.CountAsync(s => s.ChargerId == id),
            Logs = await db.ChargerLogs.CountAsync(l => l.ChargerId == id),
            OtherLogs = await db.ChargerLogs.CountAsync(l => l.ChargerId == keep),
            OtherRuns = await db.WorkflowRuns.CountAsync(r => r.SubjectId == keep),
        });
        Assert.That(leftovers, Is.EqualTo(new { Runs = 0, Steps = 0, States = 0, Logs = 0, OtherLogs = 1, OtherRuns = 1 }));
        await client.GetJsonAsync($"/ocpp/chargers/{keep}");
    }

    [Test]
    public async Task A_deleted_identity_can_be_created_again()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-AGAIN");
        Assert.That((await client.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var again = await client.CreateChargerAsync("CP-AGAIN");

        Assert.That(again, Is.Not.EqualTo(id));
    }

    private static void AssertSameExcept(JsonNode before, JsonNode after, params string[] changed)
    {
        var keys = before.AsObject().Select(p => p.Key).Except(changed).ToList();
        Assert.That(after.AsObject().Select(p => p.Key), Is.EquivalentTo(before.AsObject().Select(p => p.Key)));
        Assert.Multiple(() =>
        {
            foreach (var key in keys)
            {
                Assert.That(after[key]?.ToJsonString(), Is.EqualTo(before[key]?.ToJsonString()), key);
            }
        });
    }
}
