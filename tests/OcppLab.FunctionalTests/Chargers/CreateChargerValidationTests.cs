using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>Every 422 rule of §2.2, through HTTP: the problem names the field by its snake_case path.</summary>
public sealed class CreateChargerValidationTests : SharedGatewayTests
{
    public static IEnumerable<TestCaseData> InvalidBodies()
    {
        TestCaseData Case(string name, object change, params string[] fields) =>
            new TestCaseData(change, fields).SetArgDisplayNames(name);

        yield return Case("identity missing", new { identity = (string?)null }, "identity");
        yield return Case("identity empty", new { identity = "" }, "identity");
        yield return Case("identity 49 characters", new { identity = new string('a', 49) }, "identity");
        yield return Case("identity with a colon", new { identity = "CP:1" }, "identity");
        yield return Case("identity with a space", new { identity = "CP 1" }, "identity");
        yield return Case("identity with a slash", new { identity = "CP/1" }, "identity");
        yield return Case("identity with a non-ASCII letter", new { identity = "CPé" }, "identity");
        yield return Case("identity of the wrong type", new { identity = 12 }, "identity");
        yield return Case(
            "several values of the wrong type",
            new { identity = 12, ocpp_version = true, security_profile = "one", location_id = 7 },
            "identity", "ocpp_version", "security_profile", "location_id");
        yield return Case("brand_slug missing", new { brand_slug = (string?)null }, "brand_slug");
        yield return Case("model_slug missing", new { model_slug = (string?)null }, "model_slug");
        yield return Case("connector_type missing", new { connector_type = (string?)null }, "connector_type");
        yield return Case("ws_url missing", new { ws_url = (string?)null }, "ws_url");
        yield return Case("ws_url http", new { ws_url = "http://csms.example.test/ocpp" }, "ws_url");
        yield return Case("ws_url https", new { ws_url = "https://csms.example.test/ocpp" }, "ws_url");
        yield return Case("ws_url relative", new { ws_url = "/ocpp" }, "ws_url");
        yield return Case("ws_url not a URL", new { ws_url = "not a url" }, "ws_url");
        yield return Case("ws_url with a fragment", new { ws_url = "wss://csms.example.test/ocpp#x" }, "ws_url");
        yield return Case("unknown brand", new { brand_slug = "acme" }, "brand_slug");
        yield return Case("unknown model", new { model_slug = "terra-9000" }, "model_slug");
        yield return Case("model of another brand", new { model_slug = "wallbox-pulsar-plus" }, "model_slug");
        yield return Case("connector type the model lacks", new { connector_type = "Type2" }, "connector_type");
        yield return Case("ocpp_version unknown", new { ocpp_version = "OCPP2.1" }, "ocpp_version");
        yield return Case("ocpp_version partial", new { ocpp_version = "2.0" }, "ocpp_version");
        yield return Case("security_profile 3", new { security_profile = 3 }, "security_profile");
        yield return Case("security_profile 4", new { security_profile = 4 }, "security_profile");
        yield return Case("security_profile -1", new { security_profile = -1 }, "security_profile");
        yield return Case("security_profile not a number", new { security_profile = "one" }, "security_profile");
        yield return Case("profile 1 without key", new { security_profile = 1 }, "authorization_key");
        yield return Case("profile 2 without key", new { security_profile = 2, ws_url = "wss://csms.example.test/ocpp" }, "authorization_key");
        yield return Case("profile 2 over ws://", new { security_profile = 2, authorization_key = "0123456789abcdef" }, "ws_url");
        yield return Case("profile 2 over ws:// without key", new { security_profile = 2 }, "authorization_key", "ws_url");
        yield return Case("key of 15 characters", new { security_profile = 1, authorization_key = new string('k', 15) }, "authorization_key");
        yield return Case("key of 41 characters", new { security_profile = 1, authorization_key = new string('k', 41) }, "authorization_key");
        yield return Case("unknown location_id", new { location_id = Guid.NewGuid() }, "location_id");
        yield return Case("location_id not a uuid", new { location_id = "somewhere" }, "location_id");
        yield return Case("blank charge_point_name", new { charge_point_name = "   " }, "charge_point_name");
        yield return Case("charge_point_name 101 characters", new { charge_point_name = new string('n', 101) }, "charge_point_name");
        yield return Case("blank location_name", new { location_name = "  " }, "location_name");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task An_invalid_create_is_a_422_naming_the_field(object change, string[] fields)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-INVALID", change));

        await response.AssertValidationAsync(fields);
        var list = await client.GetJsonAsync("/ocpp/chargers");
        Assert.That(list["total"]!.GetValue<int>(), Is.Zero, "nothing is written by a rejected create");
    }

    [Test]
    public async Task An_empty_object_names_every_required_field()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostRawAsync("/ocpp/chargers", "{}");

        await response.AssertValidationAsync("identity", "brand_slug", "model_slug", "connector_type", "ws_url");
    }

    [Test]
    public async Task Security_profile_3_says_it_is_not_supported()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var problem = await (await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-SP3", new { security_profile = 3 })))
            .AssertValidationAsync("security_profile");

        Assert.That(problem.ErrorsOf("security_profile"), Has.Some.Contains("not supported"));
    }

    [Test]
    public async Task A_location_of_another_tenant_is_a_422_on_location_id()
    {
        var other = await Factory.ClientFor(GatewayApi.NewOrg()).CreateLocationIdAsync("Theirs");
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-THEIRS", new { location_id = other }));

        await response.AssertValidationAsync("location_id");
    }

    [TestCase("a")]
    [TestCase("CP-a_b.c~d*e=f+g|h@i")]
    [TestCase("012345678901234567890123456789012345678901234567")]
    public async Task Valid_identities_are_accepted(string identity)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var id = await client.CreateChargerAsync(identity);

        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}")).Str("identity"), Is.EqualTo(identity));
    }

    [TestCase(1, "ws://csms.example.test/ocpp", 16)]
    [TestCase(1, "wss://csms.example.test/ocpp", 40)]
    [TestCase(2, "wss://csms.example.test/ocpp", 16)]
    public async Task Basic_auth_profiles_with_a_key_of_16_to_40_characters_are_accepted(int profile, string wsUrl, int keyLength)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var id = await client.CreateChargerAsync("CP-SP", wsUrl: wsUrl, extra: new { security_profile = profile, authorization_key = new string('k', keyLength) });

        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}"))["security_profile"]!.GetValue<int>(), Is.EqualTo(profile));
    }
}
