using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record GetConfigurationRequest(IReadOnlyList<string>? Key);

internal sealed record GetConfigurationResponse(IReadOnlyList<KeyValue> ConfigurationKey, IReadOnlyList<string>? UnknownKey);

/// <summary>KeyValue (1.6 §7.29).</summary>
internal sealed record KeyValue(string Key, bool Readonly, string? Value);

/// <summary>GetConfiguration (1.6 §5.8): the requested keys, or every readable one, capped at GetConfigurationMaxKeys; unknown and write-only keys listed as unknown.</summary>
internal sealed class GetConfiguration : V16CallHandler<GetConfigurationRequest, GetConfigurationResponse>
{
    public override string Action => "GetConfiguration";

    protected override CallAnswer<GetConfigurationResponse> Handle(V16Protocol protocol, GetConfigurationRequest request)
    {
        var unknown = new List<string>();
        IEnumerable<SettingDefinition> definitions;
        if (request.Key is { Count: > 0 } requested)
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

        var keys = new List<KeyValue>();
        foreach (var definition in definitions.Take(Math.Max(1, protocol.Model.Settings.GetInt(SettingsCatalog.GetConfigurationMaxKeys))))
        {
            var value = definition.Live?.Invoke(protocol.Model) ?? protocol.Model.Settings.Get(definition.Name);
            keys.Add(new KeyValue(definition.Key16!, definition.Mutability == Mutability.ReadOnly, Cap(value, 500)));
        }

        return new GetConfigurationResponse(keys, unknown.Count > 0 ? unknown : null);
    }
}
