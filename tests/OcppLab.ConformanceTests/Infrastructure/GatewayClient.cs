using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Infrastructure;

/// <summary>The gateway's REST API as one tenant sees it (snake_case JSON, as the contract says).</summary>
public sealed class GatewayClient(HttpClient http) : IDisposable
{
    public const string Ocpp16 = "OCPP1.6";
    public const string Ocpp201 = "OCPP2.0.1";

    /// <summary>The API client; a request that hangs fails the test instead of the whole run.</summary>
    public HttpClient Http { get; } = WithTimeout(http);

    /// <summary>Creates a charger (202) and returns its id.</summary>
    public async Task<string> CreateChargerAsync(
        string identity,
        string ocppVersion,
        Uri wsUrl,
        int? securityProfile = null,
        string? authorizationKey = null,
        string brand = "abb",
        string model = "terra-184",
        string connectorType = "CCS2")
    {
        var body = new JsonObject
        {
            ["identity"] = identity,
            ["brand_slug"] = brand,
            ["model_slug"] = model,
            ["connector_type"] = connectorType,
            ["ws_url"] = wsUrl.ToString(),
            ["ocpp_version"] = ocppVersion,
        };
        if (securityProfile is { } profile)
        {
            body["security_profile"] = profile;
        }

        if (authorizationKey is not null)
        {
            body["authorization_key"] = authorizationKey;
        }

        using var response = await Http.PostAsJsonAsync("/ocpp/chargers", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), text);
        return JsonNode.Parse(text)!["charger_id"]!.GetValue<string>();
    }

    /// <summary>Polls the provisioning status until READY (fails on FAILED or the deadline).</summary>
    public async Task WaitUntilReadyAsync(string chargerId)
    {
        var status = await Eventually.UntilAsync(
            () => GetJsonAsync($"/ocpp/chargers/{chargerId}/status"),
            s => s["status"]?.GetValue<string>() is "READY" or "FAILED",
            TimeSpan.FromSeconds(20),
            $"provisioning of {chargerId}");
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("READY"), status.ToJsonString());
    }

    public Task<JsonNode> GetChargerAsync(string chargerId) => GetJsonAsync($"/ocpp/chargers/{chargerId}");

    /// <summary>The charger's <c>runtime</c> block.</summary>
    public async Task<JsonNode> GetRuntimeAsync(string chargerId) => (await GetChargerAsync(chargerId))["runtime"]!;

    public Task<JsonNode> StartAsync(string chargerId) => ControlAsync(chargerId, "start-charger");

    public Task<JsonNode> StopAsync(string chargerId) => ControlAsync(chargerId, "stop-charger");

    public Task<JsonNode> RestartAsync(string chargerId) => ControlAsync(chargerId, "restart-charger");

    /// <summary>Every log entry of the charger (all pages), oldest first, and the total the API reported.</summary>
    public async Task<(IReadOnlyList<JsonNode> Entries, int Total)> GetAllLogsAsync(string chargerId)
    {
        var entries = new List<JsonNode>();
        var total = 0;
        while (true)
        {
            var page = await GetJsonAsync($"/ocpp/chargers/{chargerId}/logs?limit=1000&offset={entries.Count}");
            total = page["total"]!.GetValue<int>();
            var data = page["data"]!.AsArray();
            entries.AddRange(data.Select(d => d!));
            if (data.Count == 0 || entries.Count >= total)
            {
                return (entries, total);
            }
        }
    }

    public async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose() => Http.Dispose();

    private static HttpClient WithTimeout(HttpClient client)
    {
        client.Timeout = TimeSpan.FromSeconds(45);
        return client;
    }

    private async Task<JsonNode> ControlAsync(string chargerId, string operation)
    {
        using var response = await Http.PostAsJsonAsync($"/ocpp/chargers/{chargerId}/{operation}", new JsonObject());
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), $"{operation}: {text}");
        return JsonNode.Parse(text)!;
    }
}
