using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>GetVariables (B06): each requested component/variable/attribute, or why not (UnknownComponent, UnknownVariable, NotSupportedAttributeType).</summary>
internal sealed class GetVariables : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetVariables";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var results = new JsonArray();
        foreach (var item in (payload["getVariableData"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var component = item["component"] as JsonObject ?? [];
            var variable = item["variable"] as JsonObject ?? [];
            var componentName = Str(component, "name") ?? string.Empty;
            var variableName = Str(variable, "name") ?? string.Empty;
            var attributeType = Str(item, "attributeType") ?? "Actual";
            var definition = SettingsCatalog.FindVariable(componentName, variableName, Str(variable, "instance"));
            string status;
            string? value = null;
            if (definition is null)
            {
                status = SettingsCatalog.IsKnownComponent(componentName) ? "UnknownVariable" : "UnknownComponent";
            }
            else if (attributeType != "Actual")
            {
                status = "NotSupportedAttributeType";
            }
            else if (definition.Mutability == Mutability.WriteOnly)
            {
                status = "Rejected";
            }
            else
            {
                status = "Accepted";
                value = Cap(protocol.ValueOf(definition) ?? string.Empty, 2500);
            }

            results.Add(Obj(
                ("attributeStatus", status),
                ("attributeType", attributeType),
                ("attributeValue", value),
                ("component", component.DeepClone()),
                ("variable", variable.DeepClone())));
        }

        return CallReply.Ok(Obj(("getVariableResult", results)));
    }
}
