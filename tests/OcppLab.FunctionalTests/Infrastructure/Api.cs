using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>Small helpers to speak the API's JSON (snake_case) from tests.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Creates a charger and returns its id (the 202 answer).</summary>
    public static async Task<string> CreateChargerAsync(this HttpClient client, string identity, string version = "OCPP1.6", string wsUrl = "ws://127.0.0.1:9/ocpp", object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["identity"] = identity,
            ["brand_slug"] = "abb",
            ["model_slug"] = "terra-184",
            ["connector_type"] = "CCS2",
            ["ws_url"] = wsUrl,
            ["ocpp_version"] = version,
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToNode(extra, Json)!.AsObject())
            {
                body[property.Key] = property.Value?.DeepClone();
            }
        }

        var response = await client.PostJsonAsync("/ocpp/chargers", body);
        var json = await response.ReadJsonAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), json.ToJsonString());
        return json["charger_id"]!.GetValue<string>();
    }

    /// <summary>Polls the provisioning status until it is READY or FAILED.</summary>
    public static Task<JsonNode> WaitForProvisioningAsync(this HttpClient client, string chargerId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{chargerId}/status")).ReadJsonAsync(),
            status => status["status"]?.GetValue<string>() is "READY" or "FAILED",
            timeout,
            $"provisioning of {chargerId}");
}
