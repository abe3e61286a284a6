namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// One outlet. <see cref="Index"/> numbers connectors 1..n across the charger; 1.6 uses it as the
/// connectorId, 2.0.1 models each as EVSE <see cref="Index"/> with connector 1.
/// </summary>
public sealed class Connector
{
    internal Connector(int index) => Index = index;

    public int Index { get; }
    public int EvseId => Index;
    public ConnectorStatus Status { get; internal set; } = ConnectorStatus.Available;
    public string ErrorCode { get; internal set; } = ErrorCodes.NoError;
    public bool CablePlugged { get; internal set; }

    /// <summary>The cable was plugged by an automatic session; the simulated driver unplugs after the stop.</summary>
    public bool AutoPlugged { get; internal set; }

    public bool Operative { get; internal set; } = true;

    /// <summary>An availability change scheduled until the running transaction ends.</summary>
    public bool? PendingOperative { get; internal set; }

    public Reservation? Reservation { get; internal set; }
    public Transaction? Transaction { get; internal set; }

    /// <summary>The last transaction, kept after it ended for status queries.</summary>
    public Transaction? LastTransaction { get; internal set; }

    /// <summary>An authorization given before the cable was plugged (authorize first, then plug).</summary>
    public PendingAuthorization? PendingAuthorization { get; internal set; }

    public ElectricVehicle? Vehicle { get; internal set; }

    /// <summary>The lifetime energy register of this connector's meter, in Wh.</summary>
    public double EnergyRegisterWh { get; internal set; }

    /// <summary>The power the charger currently delivers, in W.</summary>
    public double PowerW { get; internal set; }

    /// <summary>A power limit set by the user (power-update), in W.</summary>
    public double? PowerSetpointW { get; internal set; }

    public bool EvRequestsEnergy { get; internal set; } = true;

    /// <summary>The CSMS refused the running transaction's tag and StopTransactionOnInvalidId is false: the EVSE delivers no energy.</summary>
    public bool EnergyWithheld { get; internal set; }

    /// <summary>After a transaction ended with the cable still plugged: Finishing until unplugged.</summary>
    public bool AwaitingUnplug { get; internal set; }

    public SessionTarget? Target { get; internal set; }

    internal DateTimeOffset LastAdvance { get; set; }
    internal DateTimeOffset? NextMeterSampleAt { get; set; }

    public bool IsFaulted => ErrorCodes.IsFault(ErrorCode);
}

/// <summary>An automatic session's end condition: after a duration and/or once an amount of energy was delivered.</summary>
public sealed record SessionTarget(DateTimeOffset? StopAt, double? EnergyWh);

/// <summary>An id token authorized before the cable was plugged in; it expires after ConnectionTimeOut.</summary>
public sealed record PendingAuthorization(string IdTag, string IdTokenType, DateTimeOffset ExpiresAt, int? RemoteStartId, int? ReservationId, bool Remote);
