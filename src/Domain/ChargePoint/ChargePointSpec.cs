using OcppLab.Domain.Common;

namespace OcppLab.Domain.ChargePoint;

/// <summary>The fixed facts of a simulated charge point, from its deployment and catalog model.</summary>
public sealed record ChargePointSpec(
    string Identity,
    string VendorName,
    string Model,
    string SerialNumber,
    string FirmwareVersion,
    OcppVersion Version,
    int ConnectorCount,
    int MaxPowerW,
    string CurrentType,
    string ConnectorType,
    int SecurityProfile = 0)
{
    public bool IsDc => string.Equals(CurrentType, "dc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Per-connector maximum: the model's rating is shared by its connectors only on paper; each may deliver it.</summary>
    public int ConnectorMaxPowerW => MaxPowerW;
}
