using OcppLab.Domain.ChargePoint;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>The connector a simulator command addressed, or why there is none and which field says so.</summary>
public sealed record ConnectorLookup(Connector? Connector, string? Problem, string? Field)
{
    public static ConnectorLookup Found(Connector connector) => new(connector, null, null);

    public static ConnectorLookup Missing(string problem, string field) => new(null, problem, field);
}
