using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// What the gateway really answers matches the served document (issue 10 item 1): for a tour of the
/// API (locations, chargers while provisioning and after, catalog, logs, stats, a bulk job, a fan-out
/// command, errors), each body is checked against the schema its operation declares for the status —
/// every required member present, null only where the schema allows it, enums and formats kept, and
/// no member the schema does not name. A property written as null but declared non-nullable (the
/// <c>last_heartbeat_at</c> / <c>provisioned_at</c> defects) fails here.
/// </summary>
public sealed partial class OpenApiWireShapeTests : ServedDocumentTests
{
    [Test]
    public async Task Every_answer_of_the_tour_matches_its_declared_schema()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg("wire"));
        var checkedBodies = 0;
        async Task<JsonNode> Check(string operationId, HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var declared = Operation(operationId)["responses"]![status];
            Assert.That(declared, Is.Not.Null, $"{operationId} answered {status}, which it does not declare: {text}");
            var media = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            var schema = declared!["content"]?[media]?["schema"];
            Assert.That(schema, Is.Not.Null, $"{operationId} {status} declares no {media} body");
            var body = JsonNode.Parse(text);
            var errors = new List<string>();
            Validate(body, schema!, "$", errors);
            Assert.That(errors, Is.Empty, $"{operationId} {status}: {text}");
            checkedBodies++;
            return body!;
        }

        var location = await Check("locations_create", await client.PostJsonAsync("/ocpp/locations", new { name = "Wire Hub", country = "FR", coordinates = new { latitude = 48.8, longitude = 2.3 } }));
        var locationId = location["id"]!.GetValue<string>();
        await Check("locations_get", await client.GetAsync($"/ocpp/locations/{locationId}"));
        await Check("locations_list", await client.GetAsync("/ocpp/locations"));
        await Check("locations_create", await client.PostJsonAsync("/ocpp/locations", new { name = "  " }));

        var created = await Check("chargers_create", await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("WIRE-1", new { location_id = locationId })));
        var chargerId = created["charger_id"]!.GetValue<string>();
        await Check("chargers_get_status", await client.GetAsync($"/ocpp/chargers/{chargerId}/status"));
        await Check("chargers_get", await client.GetAsync($"/ocpp/chargers/{chargerId}"));
        await Eventually.UntilAsync(
            async () => (await client.GetJsonAsync($"/ocpp/chargers/{chargerId}/status"))["status"]!.GetValue<string>(),
            s => s is "READY" or "FAILED");
        await Check("chargers_get_status", await client.GetAsync($"/ocpp/chargers/{chargerId}/status"));
        await Check("chargers_get", await client.GetAsync($"/ocpp/chargers/{chargerId}"));
        await Check("chargers_list", await client.GetAsync("/ocpp/chargers"));
        await Check("location_chargers_list", await client.GetAsync($"/ocpp/locations/{locationId}/chargers?charger_ids={chargerId}"));
        await Check("chargers_list_logs", await client.GetAsync($"/ocpp/chargers/{chargerId}/logs?limit=10"));
        await Check("chargers_get_stats", await client.GetAsync($"/ocpp/chargers/{chargerId}/stats"));
        await Check("chargers_update", await client.PutJsonAsync($"/ocpp/chargers/{chargerId}", new { charge_point_name = "Wire Bay" }));
        await Check("commands_plug_connector", await client.PostJsonAsync("/ocpp/commands/plug-connector", new { target = new { location_id = locationId }, @event = new { connector_id = 1 } }));
        await Check("commands_proxy_message", await client.PostJsonAsync("/ocpp/commands/proxy-message", new { target = new { charger_id = chargerId }, @event = new { action = "Heartbeat", payload = new { } } }));
        await Check("chargers_stop", await client.PostAsync($"/ocpp/chargers/{chargerId}/stop-charger", null));
        await Check("chargers_get", await client.GetAsync($"/ocpp/chargers/{chargerId}"));

        var job = await Check("location_chargers_bulk_create", await client.PostAsJsonAsync(
            $"/ocpp/locations/{locationId}/chargers",
            new[] { new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "WB-" }, chargers_number = 2 } }));
        await Check("location_chargers_get_job", await client.GetAsync($"/ocpp/locations/{locationId}/chargers/jobs/{job["job_id"]}"));

        await Check("catalog_list_brands", await client.GetAsync("/ocpp/catalog/brands"));
        await Check("catalog_list_models", await client.GetAsync("/ocpp/catalog/brands/abb/models"));
        await Check("catalog_get_model", await client.GetAsync("/ocpp/catalog/brands/abb/models/terra-184"));

        await Check("chargers_get", await client.GetAsync("/ocpp/chargers/dep-000000000000"));
        await Check("chargers_create", await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("bad:identity")));
        await Check("chargers_list", await client.GetAsync("/ocpp/chargers?limit=0"));
        await Check("location_chargers_delete", await client.DeleteAsync($"/ocpp/locations/{locationId}/chargers?charger_ids={chargerId}"));

        var admin = Factory.ClientFor("wire-operator", OcppLab.Api.Auth.Claims.AdminRole);
        await Check("cluster_get", await admin.GetAsync("/ocpp/cluster"));
        await Check("cluster_rebalance", await admin.PostAsync("/ocpp/cluster/rebalance", null));
        await Check("cluster_get", await admin.GetAsync("/ocpp/cluster"));
        await Check("cluster_rebalance", await client.PostAsync("/ocpp/cluster/rebalance", null));

        Assert.That(checkedBodies, Is.EqualTo(31), "every call of the tour was checked");
    }

    [Test]
    public void The_checker_refuses_what_the_document_does_not_allow()
    {
        // The checker itself must be able to fail: a null where the schema has none, a missing
        // required member, an unknown member, a value outside an enum.
        var runtime = Ref("ChargerRuntimeResponse");
        var good = JsonNode.Parse("""
            {"desired_state":"running","state":null,"boot_status":null,"connected_at":null,"last_heartbeat_at":null,
             "restart_required":false,"last_error":null,"node":null,"connectors":[]}
            """);
        var errors = new List<string>();
        Validate(good, runtime, "$", errors);
        Assert.That(errors, Is.Empty);

        foreach (var (mutation, expected) in new (Action<JsonObject>, string)[]
                 {
                     (o => o["restart_required"] = null, "$.restart_required"),
                     (o => o.Remove("connectors"), "connectors"),
                     (o => o["surprise"] = 1, "surprise"),
                     (o => o["desired_state"] = "sleeping", "$.desired_state"),
                     (o => o["connected_at"] = "yesterday", "$.connected_at"),
                 })
        {
            var bad = good!.DeepClone().AsObject();
            mutation(bad);
            errors.Clear();
            Validate(bad, runtime, "$", errors);
            Assert.That(string.Join('\n', errors), Does.Contain(expected));
        }
    }

    private JsonNode Ref(string name) => JsonNode.Parse($$"""{"$ref":"#/components/schemas/{{name}}"}""")!;

    private JsonNode Operation(string id) =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!))
            .Single(o => o["operationId"]!.GetValue<string>() == id);

    /// <summary>The JSON Schema keywords the document uses, strictly: undeclared members are errors too.</summary>
    private void Validate(JsonNode? value, JsonNode schema, string path, List<string> errors)
    {
        if (schema["$ref"] is { } reference)
        {
            Validate(value, Document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!, path, errors);
            return;
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema[keyword] is JsonArray alternatives)
            {
                var matching = alternatives.Count(a =>
                {
                    var inner = new List<string>();
                    Validate(value, a!, path, inner);
                    return inner.Count == 0;
                });
                if (keyword == "anyOf" ? matching == 0 : matching != 1)
                {
                    errors.Add($"{path}: {matching} of the {keyword} alternatives match {value?.ToJsonString() ?? "null"}");
                }

                return;
            }
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => null,
        };
        var actual = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            _ => value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => value.ToJsonString().Contains('.') || value.ToJsonString().Contains('e') ? "number" : "integer",
                _ => "boolean",
            },
        };
        if (types is not null && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            errors.Add($"{path}: {actual} where the schema says {string.Join('|', types)}");
            return;
        }

        if (schema["enum"] is JsonArray members && !members.Any(m => JsonNode.DeepEquals(m, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {members.ToJsonString()}");
        }

        if (actual == "string" && schema["format"]?.GetValue<string>() == "date-time" && !Rfc3339().IsMatch(value!.GetValue<string>()))
        {
            errors.Add($"{path}: {value} is not an RFC 3339 date-time");
        }

        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, $"{path}[{i}]", errors);
            }
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                if (!obj.ContainsKey(required))
                {
                    errors.Add($"{path}: required member {required} is missing");
                }
            }

            foreach (var (name, member) in obj)
            {
                if (properties?[name] is { } property)
                {
                    Validate(member, property, $"{path}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonObject extra)
                {
                    Validate(member, extra, $"{path}.{name}", errors);
                }
                else
                {
                    errors.Add($"{path}: member {name} is not in the schema");
                }
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
