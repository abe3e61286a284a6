namespace OcppLab.Domain.ChargePoint;

/// <summary>A reservation of one connector (or, with connector 0 / no EVSE, of any).</summary>
public sealed record Reservation(int Id, string IdTag, DateTimeOffset ExpiresAt, string? ParentIdTag, int ConnectorIndex);
