using System.Text.Json.Serialization;

namespace OcppLab.Client;

/// <summary>
/// What a command acts on: one charger (<see cref="Charger_id"/>), or the chargers of a location
/// (<see cref="Location_id"/>, optionally only <see cref="Charger_ids"/>). The document says this as
/// <c>oneOf [ChargerTarget, LocationTarget]</c>; NSwag 14.8 types such a property as the first
/// alternative only, so this one hand-written type (the generated one is excluded) carries both
/// shapes. Build it with <see cref="Charger"/> or <see cref="Location"/>: the gateway refuses a
/// target with both or neither (422 on <c>target</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Named as NSwag names the generated members (Charger_id, Location_id), so both read alike.")]
public sealed class ChargerTarget
{
    /// <summary>A charger id (dep-…) or identity of the tenant.</summary>
    [JsonPropertyName("charger_id")]
    public string? Charger_id { get; set; }

    /// <summary>A location of the tenant: the command goes to each of its chargers.</summary>
    [JsonPropertyName("location_id")]
    public Guid? Location_id { get; set; }

    /// <summary>With <see cref="Location_id"/>: only these charger ids or identities (1–1000).</summary>
    [JsonPropertyName("charger_ids")]
    public IReadOnlyList<string>? Charger_ids { get; set; }

    /// <summary>One charger, by id or identity.</summary>
    public static ChargerTarget Charger(string chargerId) => new() { Charger_id = chargerId };

    /// <summary>Every charger of a location, or the <paramref name="chargerIds"/> among them.</summary>
    public static ChargerTarget Location(Guid locationId, IReadOnlyList<string>? chargerIds = null) =>
        new() { Location_id = locationId, Charger_ids = chargerIds };
}
