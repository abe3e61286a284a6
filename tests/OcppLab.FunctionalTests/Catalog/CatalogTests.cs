using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Catalog;

/// <summary>§4 the read-only catalog.</summary>
public sealed class CatalogTests
{
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory();
        _client = _factory.ClientFor(GatewayApi.NewOrg());
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Brands_are_paged_and_at_least_six()
    {
        var page = await _client.GetJsonAsync("/ocpp/catalog/brands");
        var second = await _client.GetJsonAsync("/ocpp/catalog/brands?page=2&limit=2");

        var brands = page["data"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(page["total"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(6));
            Assert.That(page["page"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(page["limit"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(brands.Select(b => b.Str("slug")), Does.Contain("abb").And.Contain("wallbox").And.Contain("schneider"));
            Assert.That(brands.Select(b => b!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal)), Has.All.EqualTo(new[] { "id", "image_url", "name", "slug" }));
            Assert.That(second["data"]!.AsArray().Select(b => b.Str("slug")), Is.EqualTo(brands.Skip(2).Take(2).Select(b => b.Str("slug"))));
        });
    }

    [Test]
    public async Task The_catalog_has_at_least_twelve_models_both_ac_and_dc()
    {
        var brands = (await _client.GetJsonAsync("/ocpp/catalog/brands?limit=100"))["data"]!.AsArray();
        var models = new List<System.Text.Json.Nodes.JsonNode?>();
        foreach (var brand in brands)
        {
            models.AddRange((await _client.GetJsonAsync($"/ocpp/catalog/brands/{brand.Str("slug")}/models?limit=100"))["data"]!.AsArray());
        }

        Assert.That(models, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(models.Select(m => m!.Str("current_type")).Distinct(), Is.EquivalentTo(new[] { "ac", "dc" }));
    }

    [Test]
    public async Task Models_of_a_brand_carry_the_whole_model()
    {
        var abb = (await _client.GetJsonAsync("/ocpp/catalog/brands"))["data"]!.AsArray().Single(b => b.Str("slug") == "abb");
        var page = await _client.GetJsonAsync("/ocpp/catalog/brands/abb/models");

        var models = page["data"]!.AsArray();
        Assert.That(models.Select(m => m.Str("brand_slug")), Has.All.EqualTo("abb"));
        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(models.Count));
        var terra = models.Single(m => m.Str("slug") == "terra-184");
        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(terra.Str("id"), out _), Is.True);
            Assert.That(terra.Str("name"), Is.EqualTo("Terra 184"));
            Assert.That(terra.Str("brand_id"), Is.EqualTo(abb.Str("id")));
            Assert.That(terra!.AsObject().ContainsKey("image_url"), Is.True);
            Assert.That(terra["connector_count"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(terra.Str("current_type"), Is.EqualTo("dc"));
            Assert.That(terra["supported_kwh"]!.AsArray().Select(k => k!.GetValue<double>()), Is.EqualTo(new[] { 180.0 }));
            Assert.That(terra["connector_types"].Strings(), Is.EqualTo(new[] { "CCS2", "CHAdeMO" }));
            Assert.That(terra.Str("created_at"), Does.EndWith("Z"));
        });
    }

    [TestCase("wallbox", "wallbox-pulsar-plus", "ac")]
    [TestCase("abb", "terra-184", "dc")]
    [TestCase("schneider", "evlink-pro-ac-22kw", "ac")]
    public async Task A_model_is_found_by_brand_and_model_slug(string brand, string model, string currentType)
    {
        var json = await _client.GetJsonAsync($"/ocpp/catalog/brands/{brand}/models/{model}");

        Assert.That(json.Str("slug"), Is.EqualTo(model));
        Assert.That(json.Str("brand_slug"), Is.EqualTo(brand));
        Assert.That(json.Str("current_type"), Is.EqualTo(currentType));
    }

    [TestCase("/ocpp/catalog/brands/acme/models")]
    [TestCase("/ocpp/catalog/brands/acme/models/terra-184")]
    [TestCase("/ocpp/catalog/brands/abb/models/terra-9000")]
    [TestCase("/ocpp/catalog/brands/abb/models/wallbox-pulsar-plus")]
    public async Task Unknown_brands_and_models_are_404(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(404);
    }

    [Test]
    public async Task The_catalog_is_read_only()
    {
        var response = await _client.PostJsonAsync("/ocpp/catalog/brands", new { slug = "acme", name = "Acme" });

        Assert.That((int)response.StatusCode, Is.EqualTo(405));
    }
}
