using System.Net;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Auth;

/// <summary>Tenant B never sees or changes tenant A's data, by any route; A's resources are 404 to B, never 403.</summary>
public sealed class TenantIsolationTests
{
    private GatewayFactory _factory = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;
    private string _chargerA = null!;
    private string _locationA = null!;
    private string _jobA = null!;
    private string _bulkChargerA = null!;
    private string _locationB = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _factory = new GatewayFactory();
        _a = _factory.ClientFor(GatewayApi.NewOrg("a"));
        _b = _factory.ClientFor(GatewayApi.NewOrg("b"));
        _locationA = await _a.CreateLocationIdAsync("A site");
        _chargerA = await _a.CreateChargerAsync("CP-A", extra: new { location_id = _locationA, security_profile = 1, authorization_key = "a-secret-a-secret-a" });
        var job = await (await _a.PostJsonAsync($"/ocpp/locations/{_locationA}/chargers", new object[]
        {
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "A-" }, charger_ids = new[] { "1" } },
        })).ExpectJsonAsync(202);
        _jobA = job.Str("job_id");
        var done = await _a.WaitForJobAsync(job.Str("status_url"));
        _bulkChargerA = done["results"]!["created"]![0].Str("charger_id");
        _locationB = await _b.CreateLocationIdAsync("B site");
        await _b.CreateChargerAsync("CP-B", extra: new { location_id = _locationB });
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        _a.Dispose();
        _b.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task B_lists_only_its_own_chargers_and_locations()
    {
        var chargers = await _b.GetJsonAsync("/ocpp/chargers");
        var locations = await _b.GetJsonAsync("/ocpp/locations");
        var filtered = await _b.GetJsonAsync($"/ocpp/chargers?location_id={_locationA}");

        Assert.Multiple(() =>
        {
            Assert.That(chargers["data"]!.AsArray().Select(c => c.Str("identity")), Is.EqualTo(new[] { "CP-B" }));
            Assert.That(chargers["total"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(locations["data"]!.AsArray().Select(l => l.Str("id")), Is.EqualTo(new[] { _locationB }));
            Assert.That(filtered["total"]!.GetValue<int>(), Is.Zero);
            Assert.That(filtered["data"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task As_charger_is_404_to_B_on_every_charger_route()
    {
        foreach (var id in new[] { _chargerA, _bulkChargerA })
        {
            await (await _b.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
            await (await _b.GetAsync($"/ocpp/chargers/{id}/status")).AssertProblemAsync(404);
            await (await _b.PutJsonAsync($"/ocpp/chargers/{id}", new { charge_point_name = "hijacked", ws_url = "ws://evil.example.test/" })).AssertProblemAsync(404);
            await (await _b.DeleteAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        }

        var charger = await _a.GetJsonAsync($"/ocpp/chargers/{_chargerA}");
        Assert.That(charger.Str("name"), Is.EqualTo("CP-A"));
        Assert.That(charger.Str("ws_url"), Is.EqualTo(GatewayApi.WsUrl));
        await _a.GetJsonAsync($"/ocpp/chargers/{_bulkChargerA}");
    }

    [Test]
    public async Task As_location_is_404_to_B_on_every_location_route()
    {
        await (await _b.GetAsync($"/ocpp/locations/{_locationA}")).AssertProblemAsync(404);
        await (await _b.PutJsonAsync($"/ocpp/locations/{_locationA}", new { name = "hijacked" })).AssertProblemAsync(404);
        await (await _b.DeleteAsync($"/ocpp/locations/{_locationA}")).AssertProblemAsync(404);
        await (await _b.GetAsync($"/ocpp/locations/{_locationA}/chargers")).AssertProblemAsync(404);
        await (await _b.GetAsync($"/ocpp/locations/{_locationA}/chargers?charger_ids={_chargerA}")).AssertProblemAsync(404);
        await (await _b.GetAsync($"/ocpp/locations/{_locationA}/chargers/jobs/{_jobA}")).AssertProblemAsync(404);
        await (await _b.DeleteAsync($"/ocpp/locations/{_locationA}/chargers?charger_ids={_chargerA}&charger_ids=CP-A")).AssertProblemAsync(404);
        await (await _b.PostJsonAsync($"/ocpp/locations/{_locationA}/chargers", new object[]
        {
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "B-" }, chargers_number = 1 },
        })).AssertProblemAsync(404);

        Assert.That((await _a.GetJsonAsync($"/ocpp/locations/{_locationA}")).Str("name"), Is.EqualTo("A site"));
        Assert.That((await _a.GetJsonAsync($"/ocpp/locations/{_locationA}/chargers"))["total"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task As_job_is_404_to_B_even_under_Bs_own_location()
    {
        await (await _b.GetAsync($"/ocpp/locations/{_locationB}/chargers/jobs/{_jobA}")).AssertProblemAsync(404);
    }

    [Test]
    public async Task B_naming_As_chargers_in_its_own_location_reaches_nothing()
    {
        var listed = await _b.GetJsonAsync($"/ocpp/locations/{_locationB}/chargers?charger_ids={_chargerA}&charger_ids=CP-A&charger_ids=A-1");
        var deleted = await (await _b.DeleteAsync($"/ocpp/locations/{_locationB}/chargers?charger_ids={_chargerA}&charger_ids=CP-A&charger_ids={_bulkChargerA}"))
            .ExpectJsonAsync(200);

        Assert.That(listed["total"]!.GetValue<int>(), Is.Zero);
        Assert.That(deleted["deleted"]!.AsArray(), Is.Empty);
        Assert.That(deleted["not_found"].Strings(), Is.EquivalentTo(new[] { _chargerA, "CP-A", _bulkChargerA }));
        await _a.GetJsonAsync($"/ocpp/chargers/{_chargerA}");
        await _a.GetJsonAsync($"/ocpp/chargers/{_bulkChargerA}");
    }

    [Test]
    public async Task B_cannot_place_or_move_a_charger_into_As_location()
    {
        await (await _b.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-B-INTRUDER", new { location_id = _locationA })))
            .AssertValidationAsync("location_id");
        var own = (await _b.GetJsonAsync("/ocpp/chargers"))["data"]![0].Str("id");
        await (await _b.PutJsonAsync($"/ocpp/chargers/{own}", new { location_id = _locationA })).AssertValidationAsync("location_id");
        Assert.That((await _a.GetJsonAsync($"/ocpp/locations/{_locationA}/chargers"))["total"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Another_tenant_may_reuse_As_identities_and_location_names_without_touching_As()
    {
        var c = _factory.ClientFor(GatewayApi.NewOrg("c"));
        var id = await c.CreateChargerAsync("CP-A", extra: new { location_name = "A site" });

        var charger = await c.GetJsonAsync($"/ocpp/chargers/{id}");
        Assert.That(charger.Str("location_id"), Is.Not.EqualTo(_locationA));
        Assert.That((await _a.GetJsonAsync("/ocpp/locations"))["total"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That((await c.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await _a.GetJsonAsync($"/ocpp/chargers/{_chargerA}");
    }
}
