namespace OcppLab.Domain.Chargers;

/// <summary>
/// What a real charge point keeps in non-volatile memory across reboots: configuration values
/// changed by the CSMS (only the overrides of the model's defaults), the local authorization list
/// and its version. Written by the runtime; created by provisioning.
/// </summary>
public sealed class ChargerStoredState
{
    private ChargerStoredState()
    {
    }

    public string ChargerId { get; private set; } = string.Empty;

    /// <summary>Configuration keys / device-model variables set by the CSMS, as a JSON object of strings.</summary>
    public string ConfigurationJson { get; private set; } = "{}";

    /// <summary>The local authorization list, as JSON.</summary>
    public string LocalAuthListJson { get; private set; } = "[]";

    public int LocalListVersion { get; private set; }

    /// <summary>
    /// The live state (open transactions, queued transaction messages, energy registers, availability,
    /// profiles, reservations) as a versioned JSON document of the runtime; null before the first save.
    /// </summary>
    public string? LiveStateJson { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static ChargerStoredState Create(string chargerId, DateTimeOffset now) => new()
    {
        ChargerId = chargerId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(string configurationJson, string localAuthListJson, int localListVersion, DateTimeOffset now)
    {
        ConfigurationJson = configurationJson;
        LocalAuthListJson = localAuthListJson;
        LocalListVersion = localListVersion;
        UpdatedAt = now;
    }

    /// <summary>Replaces the live state (written in batches, apart from the settings and the list).</summary>
    public void SetLiveState(string liveStateJson, DateTimeOffset now)
    {
        LiveStateJson = liveStateJson;
        UpdatedAt = now;
    }
}
