using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>SetVariables (B05): each requested value is set through the settings catalog, with a status per variable.</summary>
internal sealed class SetVariables : ICsmsCallHandler<V201Protocol>
{
    public string Action => "SetVariables";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var results = new JsonArray();
        foreach (var item in (payload["setVariableData"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var component = item["component"] as JsonObject ?? [];
            var variable = item["variable"] as JsonObject ?? [];
            var componentName = Str(component, "name") ?? string.Empty;
            var attributeType = Str(item, "attributeType") ?? "Actual";
            var definition = SettingsCatalog.FindVariable(componentName, Str(variable, "name") ?? string.Empty, Str(variable, "instance"));
            string status;
            if (definition is null)
            {
                status = SettingsCatalog.IsKnownComponent(componentName) ? "UnknownVariable" : "UnknownComponent";
            }
            else if (attributeType != "Actual")
            {
                status = "NotSupportedAttributeType";
            }
            else
            {
                status = protocol.Model.Settings.TrySet(definition, Str(item, "attributeValue") ?? string.Empty) switch
                {
                    SetStatus.Accepted => "Accepted",
                    SetStatus.RebootRequired => "RebootRequired",
                    _ => "Rejected",
                };
            }

            results.Add(Obj(
                ("attributeType", attributeType),
                ("attributeStatus", status),
                ("component", component.DeepClone()),
                ("variable", variable.DeepClone())));
        }

        return CallReply.Ok(Obj(("setVariableResult", results)));
    }
}
