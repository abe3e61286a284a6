using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Locations;

/// <summary>Every 422 rule of the bulk create, with error paths into the body such as <c>[0].template.brand_slug</c>.</summary>
public sealed class BulkCreateValidationTests : SharedGatewayTests
{
    private static JsonObject Template(object? change = null)
    {
        var template = new JsonObject
        {
            ["brand_slug"] = "abb",
            ["model_slug"] = "terra-184",
            ["connector_type"] = "CCS2",
            ["ws_url"] = GatewayApi.WsUrl,
            ["identity_prefix"] = "V-",
        };
        if (change is not null)
        {
            foreach (var property in System.Text.Json.JsonSerializer.SerializeToNode(change, GatewayApi.Json)!.AsObject())
            {
                if (property.Value is null)
                {
                    template.Remove(property.Key);
                }
                else
                {
                    template[property.Key] = property.Value.DeepClone();
                }
            }
        }

        return template;
    }

    private static object Item(object? templateChange = null, string[]? ids = null, int? number = 1) =>
        new { template = Template(templateChange), charger_ids = ids, chargers_number = number };

    public static IEnumerable<TestCaseData> InvalidBodies()
    {
        TestCaseData Case(string name, object body, params string[] fields) => new TestCaseData(body, fields).SetArgDisplayNames(name);

        yield return Case("empty list", Array.Empty<object>(), "body");
        yield return Case("more than 1000 in one entry", new[] { Item(number: 1001) }, "body", "[0].chargers_number");
        yield return Case("more than 1000 in all", new[] { Item(number: 600), Item(new { identity_prefix = "W-" }, number: 401) }, "body");
        yield return Case("duplicate suffixes", new[] { Item(ids: ["001", "001"], number: null) }, "[0].charger_ids");
        yield return Case("chargers_number below the number of charger_ids", new[] { Item(ids: ["001", "002"], number: 1) }, "[0].chargers_number");
        yield return Case("neither chargers_number nor charger_ids", new[] { Item(number: null) }, "[0].chargers_number");
        yield return Case("chargers_number 0", new[] { Item(number: 0) }, "[0].chargers_number");
        yield return Case("empty suffix", new[] { Item(ids: [""], number: null) }, "[0].charger_ids[0]");
        yield return Case("template missing", new object[] { new { chargers_number = 1 } }, "[0].template");
        yield return Case("brand_slug missing", new[] { Item(new { brand_slug = (string?)null }) }, "[0].template.brand_slug");
        yield return Case("model_slug missing", new[] { Item(new { model_slug = (string?)null }) }, "[0].template.model_slug");
        yield return Case("connector_type missing", new[] { Item(new { connector_type = (string?)null }) }, "[0].template.connector_type");
        yield return Case("ws_url missing", new[] { Item(new { ws_url = (string?)null }) }, "[0].template.ws_url");
        yield return Case("ws_url http", new[] { Item(new { ws_url = "http://csms.example.test" }) }, "[0].template.ws_url");
        yield return Case("second entry invalid", new[] { Item(), Item(new { ws_url = "ftp://x" }) }, "[1].template.ws_url");
        yield return Case("ocpp_version unknown", new[] { Item(new { ocpp_version = "OCPP3" }) }, "[0].template.ocpp_version");
        yield return Case("security_profile 3", new[] { Item(new { security_profile = 3 }) }, "[0].template.security_profile");
        yield return Case("identity_prefix with a colon", new[] { Item(new { identity_prefix = "A:" }) }, "[0].template.identity_prefix");
        yield return Case("identity_prefix too long", new[] { Item(new { identity_prefix = new string('p', 48) }) }, "[0].template.identity_prefix");
        yield return Case("unknown brand", new[] { Item(new { brand_slug = "acme" }) }, "[0].template.brand_slug");
        yield return Case("model of another brand", new[] { Item(new { model_slug = "wallbox-pulsar-plus" }) }, "[0].template.model_slug");
        yield return Case("connector type the model lacks", new[] { Item(new { connector_type = "Type2" }) }, "[0].template.connector_type");
        yield return Case("catalog mismatch in the second entry", new[] { Item(), Item(new { identity_prefix = "Z-", model_slug = "nope" }) }, "[1].template.model_slug");
        yield return Case("profile 1 without key", new[] { Item(new { security_profile = 1 }) }, "[0].template.authorization_key");
        yield return Case("profile 2 over ws://", new[] { Item(new { security_profile = 2, authorization_key = "0123456789abcdef" }) }, "[0].template.ws_url");
        yield return Case("suffix making an invalid identity", new[] { Item(ids: ["a:b"], number: null) }, "[0].charger_ids");
        yield return Case("identity too long", new[] { Item(new { identity_prefix = new string('p', 40) }, ids: ["123456789"], number: null) }, "[0].charger_ids");
        yield return Case("same identity in two entries", new[] { Item(ids: ["1"], number: null), Item(ids: ["1"], number: null) }, "[1].charger_ids");
        yield return Case("chargers_number not a number", new object[] { new { template = Template(), chargers_number = "ten" } }, "[0].chargers_number");
        yield return Case(
            "every value of the wrong type, however deep",
            new object[] { new { template = Template(new { security_profile = "one" }), chargers_number = "ten" }, new { template = 5, chargers_number = 1 } },
            "[0].template.security_profile", "[0].chargers_number", "[1].template");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task An_invalid_bulk_create_is_a_422_naming_the_path(object body, string[] fields)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Validation");

        await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", body)).AssertValidationAsync(fields);

        var count = await Factory.WithDbAsync(db => Task.FromResult(db.LocationJobs.Count(j => j.LocationId == Guid.Parse(location))));
        Assert.That(count, Is.Zero, "nothing is written by a rejected bulk create");
    }

    [Test]
    public async Task Exactly_1000_chargers_is_within_the_limit()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Limit");

        var response = await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new[] { Item(number: 400), Item(new { identity_prefix = "W-" }, number: 600) });

        await response.ExpectJsonAsync(202);
    }
}
