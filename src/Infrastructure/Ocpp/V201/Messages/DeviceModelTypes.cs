using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;

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

/// <summary>The variable a GetVariables or SetVariables entry addresses (B05, B06), or the status that says why there is none.</summary>
internal static class VariableAddress
{
    public static (SettingDefinition? Definition, string? Refusal) Resolve(ComponentType component, VariableType variable, AttributeEnumType attributeType)
    {
        var componentName = component.Name ?? string.Empty;
        var definition = SettingsCatalog.FindVariable(componentName, variable.Name ?? string.Empty, variable.Instance);
        if (definition is null)
        {
            return (null, SettingsCatalog.IsKnownComponent(componentName) ? "UnknownVariable" : "UnknownComponent");
        }

        // Only the actual value is simulated.
        return attributeType == AttributeEnumType.Actual ? (definition, null) : (null, "NotSupportedAttributeType");
    }
}
