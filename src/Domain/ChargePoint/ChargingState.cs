namespace OcppLab.Domain.ChargePoint;

/// <summary>2.0.1 transactionInfo.chargingState.</summary>
public enum ChargingState
{
    Charging,
    EVConnected,
    SuspendedEV,
    SuspendedEVSE,
    Idle,
}
