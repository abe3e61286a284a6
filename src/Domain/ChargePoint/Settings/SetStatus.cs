namespace OcppLab.Domain.ChargePoint.Settings;

/// <summary>The outcome of changing a setting (1.6 ConfigurationStatus / 2.0.1 SetVariableStatus, in spirit).</summary>
public enum SetStatus
{
    Accepted,
    Rejected,
    RebootRequired,
    NotSupported,
}
