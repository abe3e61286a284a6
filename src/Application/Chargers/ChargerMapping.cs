using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Chargers;

public static class ChargerMapping
{
    public static OcppVersionName ToName(this OcppVersion version) =>
        version == OcppVersion.V201 ? OcppVersionName.Ocpp201 : OcppVersionName.Ocpp16;

    public static ProvisioningStatusName ToName(this ProvisioningStatus status) => status switch
    {
        ProvisioningStatus.Pending => ProvisioningStatusName.Pending,
        ProvisioningStatus.Provisioning => ProvisioningStatusName.Provisioning,
        ProvisioningStatus.Ready => ProvisioningStatusName.Ready,
        _ => ProvisioningStatusName.Failed,
    };

    public static ChargerResponse ToResponse(this Charger charger, ChargerRuntimeResponse runtime) => new()
    {
        Id = charger.Id,
        Identity = charger.Identity,
        Name = charger.Name,
        VendorName = charger.VendorName,
        Model = charger.ModelName,
        ImageUrl = charger.ImageUrl,
        OcppVersion = charger.OcppVersion.ToName(),
        NumberOfConnectors = charger.NumberOfConnectors,
        MaxChargingPower = charger.MaxChargingPowerW,
        ConnectorType = charger.ConnectorType,
        LocationId = charger.LocationId,
        CreatedAt = charger.CreatedAt,
        UpdatedAt = charger.UpdatedAt,
        BrandSlug = charger.BrandSlug,
        ModelSlug = charger.ModelSlug,
        WsUrl = charger.WsUrl,
        SecurityProfile = charger.SecurityProfile,
        ProvisioningStatus = charger.ProvisioningStatus.ToName(),
        Runtime = runtime,
    };

    /// <summary>
    /// The runtime block: the live session's state when there is one, otherwise a stopped charger
    /// whose connectors have no known status.
    /// </summary>
    public static ChargerRuntimeResponse ToRuntimeResponse(this Charger charger, RuntimeState? state) => new()
    {
        DesiredState = charger.DesiredState == DesiredState.Running ? DesiredStateName.Running : DesiredStateName.Stopped,
        State = state?.State ?? RuntimeStateName.Stopped,
        BootStatus = state?.BootStatus,
        ConnectedAt = state?.ConnectedAt,
        LastHeartbeatAt = state?.LastHeartbeatAt,
        RestartRequired = charger.RestartRequired,
        LastError = state?.LastError,
        Node = state?.Node,
        Connectors = state is null
            ? OfflineConnectors(charger)
            : state.Connectors.Select(c => new ConnectorStateResponse(c.ConnectorId, c.EvseId, c.Status, c.TransactionId)).ToList(),
    };

    public static async Task<ChargerResponse> ToResponseAsync(this Charger charger, IChargerRuntime runtime, CancellationToken cancellationToken) =>
        (await new[] { charger }.ToResponsesAsync(runtime, cancellationToken))[0];

    /// <summary>A page of chargers with their live states, asked of the runtime in one call.</summary>
    public static async Task<List<ChargerResponse>> ToResponsesAsync(this IReadOnlyList<Charger> chargers, IChargerRuntime runtime, CancellationToken cancellationToken)
    {
        if (!runtime.RunsChargers)
        {
            return chargers.Select(c => c.ToResponse(c.ToStandbyRuntimeResponse())).ToList();
        }

        var states = await runtime.GetStatesAsync(chargers.Select(c => c.Id).ToList(), cancellationToken);
        return chargers.Select(c => c.ToResponse(c.ToRuntimeResponse(states.GetValueOrDefault(c.Id)))).ToList();
    }

    /// <summary>
    /// On a standby gateway another gateway runs the charger: its live state is unknown here, so it
    /// is reported as null rather than guessed; the desired state is the stored one.
    /// </summary>
    private static ChargerRuntimeResponse ToStandbyRuntimeResponse(this Charger charger) =>
        charger.ToRuntimeResponse(null) with { State = null };

    /// <summary>1.6 numbers connectors 1..n; 2.0.1 models one connector per EVSE, EVSEs 1..n.</summary>
    private static List<ConnectorStateResponse> OfflineConnectors(Charger charger) =>
        Enumerable.Range(1, charger.NumberOfConnectors)
            .Select(i => charger.OcppVersion == OcppVersion.V201
                ? new ConnectorStateResponse(1, i, null, null)
                : new ConnectorStateResponse(i, i, null, null))
            .ToList();
}
