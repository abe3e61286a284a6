using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>The device model as 2.0.1 reports it: components, variables, characteristics and NotifyReport pages (B07, B08).</summary>
public sealed partial class V201Protocol
{
    internal static JsonObject Component(SettingDefinition definition) =>
        Obj(("name", definition.Component));

    internal static JsonObject Variable(SettingDefinition definition) =>
        Obj(("name", definition.Variable), ("instance", definition.Instance));

    internal string? ValueOf(SettingDefinition definition) =>
        definition.Mutability == Mutability.WriteOnly ? null : definition.Live?.Invoke(Model) ?? Model.Settings.Get(definition.Name);

    /// <summary>NotifyReport messages after the response, in pages (tbc on all but the last).</summary>
    internal void SendReport(int requestId, IReadOnlyList<SettingDefinition> definitions)
    {
        var pageSize = Math.Max(1, Model.Settings.GetInt("DeviceDataCtrlr.ItemsPerMessage.GetReport"));
        var pages = definitions.Chunk(pageSize).ToList();
        var generatedAt = Timestamp(Session.Now);
        Session.AfterReply(() =>
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var page = pages[i];
                var seqNo = i;
                var tbc = i < pages.Count - 1;
                Session.Enqueue(new OutgoingCall("NotifyReport", () =>
                {
                    var data = new JsonArray();
                    foreach (var definition in page)
                    {
                        var attribute = Obj(("type", "Actual"), ("value", ValueOf(definition) is { } v ? Cap(v, 2500) : null), ("mutability", definition.Mutability.ToString()));
                        data.Add(Obj(
                            ("component", Component(definition)),
                            ("variable", Variable(definition)),
                            ("variableAttribute", new JsonArray(attribute)),
                            ("variableCharacteristics", Characteristics(definition))));
                    }

                    return Obj(("requestId", requestId), ("generatedAt", generatedAt), ("tbc", tbc), ("seqNo", seqNo), ("reportData", data));
                }, CallClass.Requested));
            }
        });
    }

    internal static JsonObject Characteristics(SettingDefinition definition)
    {
        var dataType = definition.Type switch
        {
            SettingType.Integer => "integer",
            SettingType.Boolean => "boolean",
            SettingType.MemberList => "MemberList",
            _ => "string",
        };
        return Obj(
            ("dataType", dataType),
            ("supportsMonitoring", false),
            ("valuesList", definition.AllowedValues is { } values ? Cap(string.Join(',', values), 1000) : null));
    }
}
