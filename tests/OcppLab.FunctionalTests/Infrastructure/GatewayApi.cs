using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>Small helpers to speak the API's JSON (snake_case) from tests.</summary>
public static class GatewayApi
{
    public const string WsUrl = "ws://127.0.0.1:9/ocpp";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A tenant id of its own, so tests sharing a gateway never see each other's data.</summary>
    public static string NewOrg(string prefix = "org") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts the status code and returns the JSON body.</summary>
    public static async Task<JsonNode> ExpectJsonAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url, int status = 200) =>
        await (await client.GetAsync(url)).ExpectJsonAsync(status);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string url, string body) =>
        client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>A valid create body for <paramref name="identity"/>, with <paramref name="extra"/> fields added or replaced (null removes).</summary>
    public static Dictionary<string, object?> ChargerBody(string identity, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["identity"] = identity,
            ["brand_slug"] = "abb",
            ["model_slug"] = "terra-184",
            ["connector_type"] = "CCS2",
            ["ws_url"] = WsUrl,
        };
        Merge(body, extra);
        return body;
    }

    /// <summary>Creates a charger and returns its id (the 202 answer).</summary>
    public static async Task<string> CreateChargerAsync(this HttpClient client, string identity, string version = "OCPP1.6", string wsUrl = WsUrl, object? extra = null)
    {
        var body = ChargerBody(identity);
        body["ocpp_version"] = version;
        body["ws_url"] = wsUrl;
        Merge(body, extra);
        var response = await client.PostJsonAsync("/ocpp/chargers", body);
        var json = await response.ReadJsonAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), json.ToJsonString());
        return json["charger_id"]!.GetValue<string>();
    }

    private static void Merge(Dictionary<string, object?> body, object? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var property in JsonSerializer.SerializeToNode(extra, Json)!.AsObject())
        {
            if (property.Value is null)
            {
                body.Remove(property.Key);
            }
            else
            {
                body[property.Key] = property.Value.DeepClone();
            }
        }
    }

    /// <summary>Creates a location and returns its JSON (the 201 answer).</summary>
    public static async Task<JsonNode> CreateLocationAsync(this HttpClient client, string name, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name };
        Merge(body, extra);

        return await (await client.PostJsonAsync("/ocpp/locations", body)).ExpectJsonAsync(201);
    }

    public static async Task<string> CreateLocationIdAsync(this HttpClient client, string name) =>
        (await client.CreateLocationAsync(name))["id"]!.GetValue<string>();

    /// <summary>Polls the provisioning status until it is READY or FAILED.</summary>
    public static Task<JsonNode> WaitForProvisioningAsync(this HttpClient client, string chargerId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{chargerId}/status")).ReadJsonAsync(),
            status => status["status"]?.GetValue<string>() is "READY" or "FAILED",
            timeout,
            $"provisioning of {chargerId}");

    /// <summary>Polls a bulk job until it is READY or FAILED.</summary>
    public static Task<JsonNode> WaitForJobAsync(this HttpClient client, string statusUrl, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await (await client.GetAsync(statusUrl)).ReadJsonAsync(),
            job => job["status"]?.GetValue<string>() is "READY" or "FAILED",
            timeout,
            $"job {statusUrl}");

    public static string Str(this JsonNode? node, string property) =>
        node?[property]?.GetValue<string>() ?? throw new InvalidOperationException($"'{property}' is missing in {node?.ToJsonString()}");

    public static IReadOnlyList<string> Strings(this JsonNode? node) =>
        node!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
