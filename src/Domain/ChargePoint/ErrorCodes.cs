namespace OcppLab.Domain.ChargePoint;

/// <summary>OCPP 1.6 ChargePointErrorCode values (StatusNotification.errorCode); faults are injected with these.</summary>
public static class ErrorCodes
{
    public const string NoError = "NoError";

    public static IReadOnlySet<string> Faults { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError",
        "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage", "PowerMeterFailure",
        "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage", "WeakSignal",
    };

    public static bool IsFault(string? code) => code is not null && Faults.Contains(code);
}
