using Microsoft.Extensions.Options;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// Issue 9 item 5 at run time: the policy is checked on the addresses a host name resolves to when
/// the charger connects. A name that passes validation but resolves to a denied address fails the
/// runtime with last_error "denied by the outbound policy" and never reaches the CSMS; the same
/// host allowed connects. Malformed policy entries stop the gateway at start-up.
/// </summary>
public sealed class OutboundPolicyRuntimeTests : LoopbackCsmsTests
{
    private const string Denied = "denied by the outbound policy";

    /// <summary>The test CSMS reached through the name "localhost" (127.0.0.1 here), not a literal address.</summary>
    private string LocalhostUrl => $"ws://localhost:{Csms.Port}/ocpp";

    private static GatewayFactory Gateway(params (string Key, string Value)[] policy) =>
        new(settings: policy.ToDictionary(p => $"Ocpp:OutboundPolicy:{p.Key}", p => (string?)p.Value));

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task A_host_name_resolving_to_a_denied_address_fails_the_runtime_without_connecting(string version)
    {
        await using var factory = Gateway(("Deny:0", "127.0.0.0/8"), ("Deny:1", "::1"));
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var identity = $"NET-DENY-{version[4]}";

        var id = await client.CreateChargerAsync(identity, version, LocalhostUrl);
        Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));

        var runtime = await client.RuntimeAsync(id, r => r["last_error"]?.GetValue<string>() is not null, "the connection attempt fails");
        Assert.Multiple(() =>
        {
            Assert.That(runtime.Str("last_error"), Is.EqualTo(Denied));
            Assert.That(runtime.Str("state"), Is.EqualTo("failed"));
            Assert.That(runtime.Str("desired_state"), Is.EqualTo("running"));
            Assert.That(Csms[identity].Connections, Is.Zero, "no connection reached the CSMS");
        });
    }

    [Test]
    public async Task The_same_host_allowed_connects()
    {
        await using var factory = Gateway();
        var client = factory.ClientFor(GatewayApi.NewOrg());

        var id = await client.CreateChargerAsync("NET-ALLOW", "OCPP1.6", LocalhostUrl);

        var runtime = await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        Assert.Multiple(() =>
        {
            Assert.That(runtime["last_error"]?.GetValue<string>(), Is.Null);
            Assert.That(Csms["NET-ALLOW"].Connections, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_allow_list_admits_only_its_entries()
    {
        await using var factory = Gateway(("Allow:0", "localhost"), ("Allow:1", "192.0.2.0/24"));
        var client = factory.ClientFor(GatewayApi.NewOrg());

        var allowed = await client.CreateChargerAsync("NET-LIST-OK", "OCPP1.6", LocalhostUrl);
        var elsewhere = await client.PostJsonAsync(
            "/ocpp/chargers", GatewayApi.ChargerBody("NET-LIST-NO", new { ws_url = $"ws://127.0.0.1:{Csms.Port}/ocpp" }));

        await elsewhere.AssertValidationAsync("ws_url");
        await client.RuntimeAsync(allowed, r => r.Str("state") == "connected", "an allowed name connects");
        Assert.That(Csms["NET-LIST-OK"].Connections, Is.EqualTo(1));
    }

    [Test]
    public async Task A_name_outside_the_allow_list_is_denied_when_connecting()
    {
        await using var factory = Gateway(("Allow:0", "192.0.2.0/24"));
        var client = factory.ClientFor(GatewayApi.NewOrg());

        var id = await client.CreateChargerAsync("NET-LIST-DNS", "OCPP1.6", LocalhostUrl);

        var runtime = await client.RuntimeAsync(id, r => r["last_error"]?.GetValue<string>() is not null);
        Assert.That(runtime.Str("last_error"), Is.EqualTo(Denied));
        Assert.That(Csms["NET-LIST-DNS"].Connections, Is.Zero);
    }

    [Test]
    public async Task A_denied_literal_address_is_a_422_at_create_and_update()
    {
        await using var factory = Gateway(("Deny:0", "127.0.0.0/8"));
        var client = factory.ClientFor(GatewayApi.NewOrg());

        foreach (var url in new[] { $"ws://127.0.0.1:{Csms.Port}/ocpp", "ws://0x7f000001/ocpp", "ws://2130706433/ocpp", "ws://[::ffff:127.0.0.1]/ocpp", "ws://127.1/ocpp" })
        {
            var problem = await (await client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("NET-LIT", new { ws_url = url })))
                .AssertValidationAsync("ws_url");
            Assert.That(problem.ErrorsOf("ws_url"), Has.One.Contains("outbound policy denies"), url);
        }

        var id = await client.CreateChargerAsync("NET-LIT-UPD", wsUrl: "ws://csms.example.test/ocpp");
        await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = "ws://127.0.0.1:9/ocpp" })).AssertValidationAsync("ws_url");
    }

    [Test]
    public async Task A_stored_charger_the_policy_now_denies_fails_after_recovery_and_connects_once_its_ws_url_is_allowed()
    {
        var path = GatewayFactory.NewDatabasePath();
        try
        {
            var org = GatewayApi.NewOrg();
            string id;
            await using (var before = new GatewayFactory(path))
            {
                var first = before.ClientFor(org);
                id = await first.CreateChargerAsync("NET-RECOVER", "OCPP1.6", LocalhostUrl);
                await first.RuntimeAsync(id, r => r.Str("state") == "connected", "connected under the default policy");
            }

            await using var after = new GatewayFactory(path, settings: new Dictionary<string, string?> { ["Ocpp:OutboundPolicy:Deny:0"] = "localhost" });
            var client = after.ClientFor(org);
            var denied = await client.RuntimeAsync(id, r => r["last_error"]?.GetValue<string>() is not null, "the recovered charger is denied");
            Assert.That(denied.Str("last_error"), Is.EqualTo(Denied));
            Assert.That(Csms["NET-RECOVER"].Connections, Is.EqualTo(1), "only the connection made before the policy changed");

            // Denied by name at validation time, without any lookup; a literal address of the same host is not.
            await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = $"ws://LocalHost.:{Csms.Port}/ocpp" })).AssertValidationAsync("ws_url");
            await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = Csms.Url() })).ExpectJsonAsync(200);
            await (await client.PostJsonAsync($"/ocpp/chargers/{id}/restart-charger", new { })).ExpectJsonAsync(202);

            var connected = await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
            Assert.Multiple(() =>
            {
                Assert.That(connected["last_error"]?.GetValue<string>(), Is.Null);
                Assert.That(Csms["NET-RECOVER"].Connections, Is.EqualTo(2));
            });
        }
        finally
        {
            GatewayFactory.DeleteDatabase(path);
        }
    }

    [TestCase("Deny:0", "10.0.0.0/33")]
    [TestCase("Allow:0", "not a host")]
    [TestCase("Deny:0", "169.254.169.254/16")]
    public void A_malformed_entry_stops_the_start_up_naming_it(string key, string value)
    {
        using var factory = Gateway((key, value));

        var error = Assert.Catch(() => factory.CreateClient());

        var validation = Unwrap<OptionsValidationException>(error);
        Assert.That(validation, Is.Not.Null, error!.ToString());
        Assert.That(validation!.Message, Does.Contain($"Ocpp:OutboundPolicy:{key}").And.Contain(value));
    }

    private static T? Unwrap<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }

            if (error is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Unwrap<T>).FirstOrDefault(e => e is not null);
            }
        }

        return null;
    }
}
