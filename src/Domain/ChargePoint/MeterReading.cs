namespace OcppLab.Domain.ChargePoint;

/// <summary>One sample of a connector's meter; <see cref="Context"/> is the OCPP ReadingContext.</summary>
public sealed record MeterReading(
    DateTimeOffset Timestamp,
    double EnergyWh,
    double PowerW,
    double? SocPercent,
    double CurrentA,
    string Context)
{
    public const string SamplePeriodic = "Sample.Periodic";
    public const string TransactionBegin = "Transaction.Begin";
    public const string TransactionEnd = "Transaction.End";
    public const string Trigger = "Trigger";
    public const string SampleClock = "Sample.Clock";
}
