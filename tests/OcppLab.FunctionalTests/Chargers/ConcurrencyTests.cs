using System.Net;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>What clients running in parallel (CI suites do) must not trip over.</summary>
public sealed class ConcurrencyTests : SharedGatewayTests
{
    private const int Parallel = 12;

    [Test]
    public async Task A_new_tenants_first_chargers_created_at_once_all_land_in_one_default_location()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(i => client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody($"CP-PAR-{i}"))));

        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Accepted),
            string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        var locations = await client.GetJsonAsync("/ocpp/locations");
        Assert.That(locations["total"]!.GetValue<int>(), Is.EqualTo(1));
        var chargers = await client.GetJsonAsync("/ocpp/chargers");
        Assert.That(chargers["data"]!.AsArray().Select(c => c.Str("location_id")).Distinct(), Is.EqualTo(new[] { locations["data"]![0].Str("id") }));
    }

    [Test]
    public async Task Chargers_created_at_once_with_the_same_new_location_name_share_it()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(i => client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody($"CP-NAMED-{i}", new { location_name = "Race Track" }))));

        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Accepted),
            string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        var locations = await client.GetJsonAsync("/ocpp/locations");
        Assert.That(locations["data"]!.AsArray().Select(l => l.Str("name")), Is.EqualTo(new[] { "Race Track" }));
    }

    [Test]
    public async Task Locations_created_at_once_with_one_name_all_succeed_with_distinct_slugs()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(_ => client.PostJsonAsync("/ocpp/locations", new { name = "Same Name" })));

        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Created),
            string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        var slugs = (await client.GetJsonAsync("/ocpp/locations"))["data"]!.AsArray().Select(l => l.Str("slug")).ToList();
        Assert.That(slugs, Has.Count.EqualTo(Parallel));
        Assert.That(slugs, Is.Unique);
    }

    [Test]
    public async Task The_same_identity_created_at_once_is_created_once_and_the_rest_are_409()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        await client.CreateLocationIdAsync("Warm");

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(_ => client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody("CP-SAME", new { location_name = "Warm" }))));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(Parallel - 1));
        Assert.That((await client.GetJsonAsync("/ocpp/chargers"))["total"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
