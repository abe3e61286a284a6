namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// The OCPP 1.6 connector status set, the richer of the two versions; 2.0.1 folds
/// Preparing/Charging/Suspended*/Finishing into Occupied.
/// </summary>
public enum ConnectorStatus
{
    Available,
    Preparing,
    Charging,
    SuspendedEVSE,
    SuspendedEV,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
}
