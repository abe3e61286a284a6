using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// Issue 9 item 11: <c>(page − 1) × limit</c> overflowed 32 bits, so <c>page=2147483647&amp;limit=100</c>
/// wrapped to a negative offset and answered the first page. Past the end is an empty page, on every list.
/// </summary>
public sealed class PagingOverflowTests
{
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;
    private string _locationId = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _factory = new GatewayFactory();
        _client = _factory.ClientFor(GatewayApi.NewOrg());
        var charger = await _client.CreateChargerAsync("CP-PAGE-1");
        _locationId = (await _client.GetJsonAsync($"/ocpp/chargers/{charger}")).Str("location_id");
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [TestCase("/ocpp/chargers")]
    [TestCase("/ocpp/locations")]
    [TestCase("/ocpp/catalog/brands")]
    [TestCase("/ocpp/catalog/brands/abb/models")]
    [TestCase("/ocpp/locations/{location}/chargers")]
    public async Task The_largest_page_is_past_the_end_and_empty(string path)
    {
        var url = path.Replace("{location}", _locationId, StringComparison.Ordinal);
        var first = await _client.GetJsonAsync($"{url}?limit=100");
        var last = await _client.GetJsonAsync($"{url}?page=2147483647&limit=100");
        var wrapping = await _client.GetJsonAsync($"{url}?page=21474837&limit=100");

        Assert.Multiple(() =>
        {
            Assert.That(first["data"]!.AsArray(), Is.Not.Empty, "the list has rows, so an empty page is not vacuous");
            Assert.That(last["data"]!.AsArray(), Is.Empty);
            Assert.That(last["page"]!.GetValue<int>(), Is.EqualTo(int.MaxValue));
            Assert.That(last["total"]!.GetValue<int>(), Is.EqualTo(first["total"]!.GetValue<int>()));
            Assert.That(wrapping["data"]!.AsArray(), Is.Empty);
        });
    }
}
