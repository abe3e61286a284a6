using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Runtime;

public static class RuntimeApi
{
    /// <summary>Polls the charger's runtime block until <paramref name="done"/> holds, and returns it.</summary>
    public static Task<JsonNode> RuntimeAsync(this HttpClient client, string chargerId, Func<JsonNode, bool> done, string? because = null) =>
        Eventually.UntilAsync(
            async () => (await client.GetJsonAsync($"/ocpp/chargers/{chargerId}"))["runtime"]!,
            done,
            because: because ?? $"runtime of {chargerId}");
}
