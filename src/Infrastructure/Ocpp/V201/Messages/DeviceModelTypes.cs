using System.Text.Json.Nodes;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>
/// EVSEType (2.0.1 §2.23). <c>customData</c> is kept as sent: the device-model answers echo the
/// component and variable they were asked about.
/// </summary>
internal sealed record EvseType(int Id, int? ConnectorId = null, JsonObject? CustomData = null);

/// <summary>ComponentType (2.0.1 §2.16).</summary>
internal sealed record ComponentType(string? Name, string? Instance = null, EvseType? Evse = null, JsonObject? CustomData = null);

/// <summary>VariableType (2.0.1 §2.52).</summary>
internal sealed record VariableType(string? Name, string? Instance = null, JsonObject? CustomData = null);

/// <summary>AttributeEnumType (2.0.1 §3.6).</summary>
internal enum AttributeEnumType
{
    Actual,
    Target,
    MinSet,
    MaxSet,
}
