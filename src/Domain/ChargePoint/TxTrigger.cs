namespace OcppLab.Domain.ChargePoint;

/// <summary>What caused a transaction event (2.0.1 triggerReason; 1.6 uses it only to pick messages).</summary>
public enum TxTrigger
{
    Authorized,
    CablePluggedIn,
    ChargingStateChanged,
    ChargingRateChanged,
    MeterValuePeriodic,
    RemoteStart,
    RemoteStop,
    StopAuthorized,
    EVDeparted,
    EnergyLimitReached,
    TimeLimitReached,
    AbnormalCondition,
    ResetCommand,
    UnlockCommand,
    Deauthorized,
    Trigger,
}
