using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>
/// Issue 9 item 5 through HTTP: a ws_url aimed at link-local or metadata addresses (in any literal
/// form), with user information, or with control characters or whitespace is a 422 on ws_url for
/// create, update and bulk create, and nothing is written.
/// </summary>
public sealed class WsUrlPolicyValidationTests : SharedGatewayTests
{
    public static IEnumerable<TestCaseData> Rejected()
    {
        TestCaseData Case(string name, string url, string says) => new TestCaseData(url, says).SetArgDisplayNames(name);

        yield return Case("metadata address", "ws://169.254.169.254/latest/meta-data", "outbound policy denies");
        yield return Case("metadata address, hex", "ws://0xa9fea9fe/ocpp", "targets 169.254.169.254, which the outbound policy denies");
        yield return Case("metadata address, decimal", "ws://2852039166/ocpp", "targets 169.254.169.254, which the outbound policy denies");
        yield return Case("metadata address, IPv4-mapped", "ws://[::ffff:169.254.169.254]/ocpp", "outbound policy denies");
        yield return Case("IPv6 link-local", "ws://[fe80::1]/ocpp", "outbound policy denies");
        yield return Case("IPv6 link-local over http", "http://[fe80::1]/ocpp", "ws:// or wss://");
        yield return Case("AWS IPv6 metadata", "ws://[fd00:ec2::254]/", "outbound policy denies");
        yield return Case("GCP metadata name", "ws://metadata.google.internal/computeMetadata/v1", "outbound policy denies");
        yield return Case("user and password", "ws://user:pw@csms.example.test/ocpp", "user information");
        yield return Case("userinfo disguising the host", "ws://csms.example.test@10.0.0.1/ocpp", "user information");
        yield return Case("newline", "ws://csms.example.test/ocpp\nX-Injected: yes", "control");
        yield return Case("carriage return", "ws://csms.example.test/ocpp\r", "control");
        yield return Case("tab", "ws://csms.example.test/\tocpp", "control");
        yield return Case("NUL", "ws://csms.example.test/oc\0pp", "control");
        yield return Case("BEL", "ws://csms.example.test/ocpp\a", "control");
        yield return Case("ESC", "ws://csms.example.test/\u001b[2Jocpp", "control");
        yield return Case("DEL", "ws://csms.example.test/oc\u007fpp", "control");
        yield return Case("space", "ws://csms.example.test/oc pp", "whitespace");
        yield return Case("no-break space", "ws://csms.example.test/oc\u00a0pp", "whitespace");
        yield return Case("right-to-left override", "ws://csms.example.test/\u202eppco", "formatting");
    }

    [TestCaseSource(nameof(Rejected))]
    public async Task A_create_with_the_ws_url_is_a_422_on_ws_url(string url, string says)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var problem = await (await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-NET", new { ws_url = url })))
            .AssertValidationAsync("ws_url");

        Assert.That(problem.ErrorsOf("ws_url"), Has.One.Contains(says));
        Assert.That((await client.GetJsonAsync("/ocpp/chargers"))["total"]!.GetValue<int>(), Is.Zero, "nothing is written");
    }

    [TestCaseSource(nameof(Rejected))]
    public async Task An_update_to_the_ws_url_is_a_422_and_keeps_the_old_one(string url, string says)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-NET-UPD");

        var problem = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = url })).AssertValidationAsync("ws_url");

        Assert.That(problem.ErrorsOf("ws_url"), Has.One.Contains(says));
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}")).Str("ws_url"), Is.EqualTo(GatewayApi.WsUrl));
    }

    [TestCaseSource(nameof(Rejected))]
    public async Task A_bulk_create_with_the_ws_url_is_a_422_on_the_template_ws_url(string url, string says)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Net");
        var body = new[]
        {
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "A-" }, chargers_number = 1 },
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = url, identity_prefix = "B-" }, chargers_number = 1 },
        };

        var problem = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", body)).AssertValidationAsync("[1].template.ws_url");

        Assert.That(problem.ErrorsOf("[1].template.ws_url"), Has.One.Contains(says));
        var jobs = await Factory.WithDbAsync(db => Task.FromResult(db.LocationJobs.Count(j => j.LocationId == Guid.Parse(location))));
        Assert.That(jobs, Is.Zero, "nothing is written");
    }

    [TestCase("ws://127.0.0.1:9/ocpp")]
    [TestCase("ws://[::1]:9/ocpp")]
    [TestCase("ws://localhost:9/ocpp")]
    [TestCase("ws://10.20.30.40:8180/steve/websocket/CentralSystemService")]
    [TestCase("ws://192.168.1.10/ocpp")]
    [TestCase("wss://csms.example.test/ocpp?token=a%20b")]
    public async Task Loopback_lan_and_public_targets_are_accepted_by_default(string url)
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var id = await client.CreateChargerAsync("CP-NET-OK", wsUrl: url);

        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}")).Str("ws_url"), Is.EqualTo(url));
    }

    [Test]
    public async Task The_message_says_the_outbound_policy_denies_the_target()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var problem = await (await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-NET-MSG", new { ws_url = "ws://0xa9fea9fe/" })))
            .AssertValidationAsync("ws_url");

        Assert.That(problem.ErrorsOf("ws_url"), Is.EqualTo(new[] { "ws_url targets 169.254.169.254, which the outbound policy denies (Ocpp:OutboundPolicy)." }));
    }

    [Test]
    public async Task A_control_character_is_named_not_echoed()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-NET-LF", new { ws_url = "ws://csms.example.test/ocpp\nInjected" }));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.AssertValidationAsync("ws_url");

        Assert.Multiple(() =>
        {
            Assert.That(problem.ErrorsOf("ws_url"), Is.EqualTo(new[] { "ws_url must not contain control or invisible formatting characters (U+000A at position 27)." }));
            Assert.That(text, Does.Not.Contain("Injected"));
        });
    }
}
