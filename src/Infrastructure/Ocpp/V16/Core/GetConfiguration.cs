using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>GetConfiguration (1.6 §5.8): the requested keys, or every readable one, capped at GetConfigurationMaxKeys; unknown and write-only keys listed as unknown.</summary>
internal sealed class GetConfiguration : ICsmsCallHandler<V16Protocol>
{
    public string Action => "GetConfiguration";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var requested = (payload["key"] as JsonArray)?.Select(k => k?.GetValue<string>()).OfType<string>().ToList();
        var keys = new JsonArray();
        var unknown = new JsonArray();
        IEnumerable<SettingDefinition> definitions;
        if (requested is { Count: > 0 })
        {
            var found = new List<SettingDefinition>();
            foreach (var key in requested)
            {
                var definition = SettingsCatalog.FindKey16(key);
                if (definition is null || definition.Mutability == Mutability.WriteOnly)
                {
                    unknown.Add(key);
                }
                else
                {
                    found.Add(definition);
                }
            }

            definitions = found;
        }
        else
        {
            definitions = SettingsCatalog.All.Where(d => d.ExistsIn16 && d.Mutability != Mutability.WriteOnly);
        }

        foreach (var definition in definitions.Take(Math.Max(1, protocol.Model.Settings.GetInt(SettingsCatalog.GetConfigurationMaxKeys))))
        {
            var value = definition.Live?.Invoke(protocol.Model) ?? protocol.Model.Settings.Get(definition.Name);
            keys.Add(Obj(("key", definition.Key16), ("readonly", definition.Mutability == Mutability.ReadOnly), ("value", Cap(value, 500))));
        }

        var result = Obj(("configurationKey", keys));
        if (unknown.Count > 0)
        {
            result["unknownKey"] = unknown;
        }

        return CallReply.Ok(result);
    }
}
