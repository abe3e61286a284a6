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
    /// <summary>The cable was pulled at the EV side (2.0.1 E06/E10: "communication with EV lost, for example: cable disconnected").</summary>
    EVCommunicationLost,
    EnergyLimitReached,
    TimeLimitReached,
    AbnormalCondition,
    ResetCommand,
    UnlockCommand,
    Deauthorized,
    Trigger,
}
