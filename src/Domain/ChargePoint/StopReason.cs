namespace OcppLab.Domain.ChargePoint;

/// <summary>Why a transaction ended, version-neutral; each version maps it to its own enumeration.</summary>
public enum StopReason
{
    Local,
    Remote,
    EVDisconnected,
    HardReset,
    SoftReset,
    PowerLoss,
    Reboot,
    DeAuthorized,
    EmergencyStop,
    UnlockCommand,
    EnergyLimitReached,
    TimeLimitReached,
    SocLimitReached,
    GroundFault,
    OvercurrentFault,
    Other,
}
