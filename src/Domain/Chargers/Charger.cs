using OcppLab.Domain.Common;

namespace OcppLab.Domain.Chargers;

/// <summary>
/// A charger deployment: the durable record behind one simulated charge point. The live
/// OCPP session is not part of it; only what must survive a process restart is.
/// </summary>
public sealed class Charger
{
    private Charger()
    {
    }

    public string Id { get; private set; } = string.Empty;
    public string OrganizationId { get; private set; } = string.Empty;
    public string Identity { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public Guid LocationId { get; private set; }

    public string BrandSlug { get; private set; } = string.Empty;
    public string ModelSlug { get; private set; } = string.Empty;
    public string VendorName { get; private set; } = string.Empty;
    public string ModelName { get; private set; } = string.Empty;
    public string? ImageUrl { get; private set; }
    public int NumberOfConnectors { get; private set; }
    public int MaxChargingPowerW { get; private set; }
    public string CurrentType { get; private set; } = string.Empty;
    public string ConnectorType { get; private set; } = string.Empty;
    public string SerialNumber { get; private set; } = string.Empty;

    public string WsUrl { get; private set; } = string.Empty;
    public OcppVersion OcppVersion { get; private set; }
    public int SecurityProfile { get; private set; }
    public string? AuthorizationKey { get; private set; }

    public ProvisioningStatus ProvisioningStatus { get; private set; }
    public string WorkflowRunId { get; private set; } = string.Empty;
    public DateTimeOffset? ProvisionedAt { get; private set; }

    public DesiredState DesiredState { get; private set; }

    /// <summary>Connection settings changed while running; they apply at the next start.</summary>
    public bool RestartRequired { get; private set; }

    /// <summary>
    /// Counts restarts asked for through the API. The gateway that runs the charger restarts its
    /// session when this differs from the value the session started with, so a restart asked for
    /// on a standby gateway reaches the owner.
    /// </summary>
    public int RestartEpoch { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Charger Create(
        string organizationId,
        string identity,
        string name,
        Guid locationId,
        ChargerModelSnapshot model,
        string connectorType,
        string wsUrl,
        OcppVersion ocppVersion,
        int securityProfile,
        string? authorizationKey,
        string workflowRunId,
        DateTimeOffset now,
        string? id = null)
    {
        return new Charger
        {
            Id = id ?? Ids.NewChargerId(),
            OrganizationId = organizationId,
            Identity = identity,
            Name = name,
            LocationId = locationId,
            BrandSlug = model.BrandSlug,
            ModelSlug = model.ModelSlug,
            VendorName = model.VendorName,
            ModelName = model.ModelName,
            ImageUrl = model.ImageUrl,
            NumberOfConnectors = model.ConnectorCount,
            MaxChargingPowerW = model.MaxPowerW,
            CurrentType = model.CurrentType,
            ConnectorType = connectorType,
            SerialNumber = "OCPPLAB-" + Ids.RandomHex(8).ToUpperInvariant(),
            WsUrl = wsUrl,
            OcppVersion = ocppVersion,
            SecurityProfile = securityProfile,
            AuthorizationKey = authorizationKey,
            ProvisioningStatus = ProvisioningStatus.Provisioning,
            WorkflowRunId = workflowRunId,
            DesiredState = DesiredState.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public void Rename(string name, DateTimeOffset now)
    {
        Name = name;
        UpdatedAt = now;
    }

    public void ChangeConnectorType(string connectorType, DateTimeOffset now)
    {
        ConnectorType = connectorType;
        UpdatedAt = now;
    }

    public void MoveTo(Guid locationId, DateTimeOffset now)
    {
        LocationId = locationId;
        UpdatedAt = now;
    }

    /// <summary>
    /// Changes how the charger reaches its CSMS. A running charger keeps its current
    /// connection until its next start or restart, and says so through <see cref="RestartRequired"/>.
    /// </summary>
    public void ChangeConnection(
        string wsUrl,
        OcppVersion ocppVersion,
        int securityProfile,
        string? authorizationKey,
        bool isRunning,
        DateTimeOffset now)
    {
        var changed = wsUrl != WsUrl
            || ocppVersion != OcppVersion
            || securityProfile != SecurityProfile
            || authorizationKey != AuthorizationKey;
        if (!changed)
        {
            return;
        }

        WsUrl = wsUrl;
        OcppVersion = ocppVersion;
        SecurityProfile = securityProfile;
        AuthorizationKey = authorizationKey;
        RestartRequired = RestartRequired || isRunning;
        UpdatedAt = now;
    }

    public void MarkProvisioned(DateTimeOffset now)
    {
        ProvisioningStatus = ProvisioningStatus.Ready;
        ProvisionedAt ??= now;
        UpdatedAt = now;
    }

    public void MarkProvisioningFailed(DateTimeOffset now)
    {
        ProvisioningStatus = ProvisioningStatus.Failed;
        UpdatedAt = now;
    }

    public void SetDesiredState(DesiredState state, DateTimeOffset now)
    {
        if (DesiredState == state)
        {
            return;
        }

        DesiredState = state;
        UpdatedAt = now;
    }

    /// <summary>Asks whichever gateway runs the charger to restart it (see <see cref="RestartEpoch"/>).</summary>
    public void RequestRestart() => RestartEpoch++;

    /// <summary>The runtime (re)started with the current settings.</summary>
    public void ConnectionSettingsApplied(DateTimeOffset now)
    {
        if (!RestartRequired)
        {
            return;
        }

        RestartRequired = false;
        UpdatedAt = now;
    }
}
