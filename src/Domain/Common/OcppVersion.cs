namespace OcppLab.Domain.Common;

/// <summary>The OCPP protocol versions a simulated charger can speak.</summary>
public enum OcppVersion
{
    V16 = 1,
    V201 = 2,
}
