using System.Text.Json;
using OcppLab.Domain.ChargePoint.Authorization;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The JSON shapes of a charger's stored state (charger_states table).</summary>
public static class StoredState
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string SerializeSettings(IReadOnlyDictionary<string, string> overrides) => JsonSerializer.Serialize(overrides, Json);

    public static IReadOnlyDictionary<string, string> DeserializeSettings(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    public static string SerializeLocalList(LocalAuthList list) =>
        JsonSerializer.Serialize(list.Entries.Select(e => new Entry(e.Key, e.Value.Status.ToString(), e.Value.ExpiryDate, e.Value.ParentIdTag)), Json);

    public static IEnumerable<KeyValuePair<string, IdTagInfo>> DeserializeLocalList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return (JsonSerializer.Deserialize<List<Entry>>(json, Json) ?? [])
                .Select(e => KeyValuePair.Create(
                    e.IdTag,
                    new IdTagInfo(Enum.TryParse<AuthorizationStatus>(e.Status, out var status) ? status : AuthorizationStatus.Invalid, e.ExpiryDate, e.ParentIdTag)));
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record Entry(string IdTag, string Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);
}
