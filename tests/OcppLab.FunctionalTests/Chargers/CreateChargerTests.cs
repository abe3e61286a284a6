using System.Net;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

public sealed class CreateChargerTests
{
    private GatewayFactory _factory = null!;

    [SetUp]
    public void SetUp() => _factory = new GatewayFactory();

    [TearDown]
    public void TearDown() => _factory.Dispose();

    [Test]
    public async Task A_created_charger_is_provisioned_to_READY()
    {
        var client = _factory.ClientFor("org-a");
        var id = await client.CreateChargerAsync("CP-READY-1");

        var status = await client.WaitForProvisioningAsync(id);

        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("READY"), status.ToJsonString());
        Assert.That(status["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()), Has.All.EqualTo("SUCCEEDED"));
        Assert.That(status["provisioned_at"]!.GetValue<string>(), Does.EndWith("Z"));
    }

    [Test]
    public async Task A_duplicate_identity_in_the_same_tenant_is_a_409()
    {
        var client = _factory.ClientFor("org-a");
        await client.CreateChargerAsync("CP-DUP");

        var response = await client.PostJsonAsync("/ocpp/chargers", new
        {
            identity = "CP-DUP", brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = "ws://127.0.0.1:9/ocpp",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }
}
