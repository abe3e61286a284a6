namespace OcppLab.Domain.ChargePoint;

/// <summary>Something the charge point must tell the CSMS about; each version turns it into its messages.</summary>
public abstract record ChargePointEvent;

/// <summary>A connector's status changed (1.6/2.0.1 StatusNotification).</summary>
public sealed record ConnectorStatusChanged(Connector Connector, ConnectorStatus Status, ConnectorStatus Previous, string ErrorCode) : ChargePointEvent;

/// <summary>The whole station's status changed (1.6 connector 0).</summary>
public sealed record StationStatusChanged(ConnectorStatus Status) : ChargePointEvent;

public sealed record TransactionStarted(Connector Connector, Transaction Transaction, TxTrigger Trigger, MeterReading Reading) : ChargePointEvent;

/// <summary>A transaction changed (charging state, authorization) or a periodic sample was taken.</summary>
public sealed record TransactionUpdated(Connector Connector, Transaction Transaction, TxTrigger Trigger, MeterReading? Reading) : ChargePointEvent;

public sealed record TransactionEnded(Connector Connector, Transaction Transaction, TxTrigger Trigger, MeterReading Reading) : ChargePointEvent;

/// <summary>A meter sample outside a transaction update (1.6 MeterValues, 2.0.1 MeterValues when idle).</summary>
public sealed record MeterValuesSampled(Connector Connector, Transaction? Transaction, MeterReading Reading) : ChargePointEvent;

/// <summary>A reservation ended without being used.</summary>
public sealed record ReservationEnded(Reservation Reservation, string Reason) : ChargePointEvent;
