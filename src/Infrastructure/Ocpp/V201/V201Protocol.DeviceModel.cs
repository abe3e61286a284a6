using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>The device model as 2.0.1 reports it: components, variables, characteristics and NotifyReport pages (B07, B08).</summary>
public sealed partial class V201Protocol
{
    internal static ComponentType Component(SettingDefinition definition) => new(definition.Component);

    internal static VariableType Variable(SettingDefinition definition) => new(definition.Variable, definition.Instance);

    internal string? ValueOf(SettingDefinition definition) =>
        definition.Mutability == Mutability.WriteOnly ? null : definition.Live?.Invoke(Model) ?? Model.Settings.Get(definition.Name);

    /// <summary>NotifyReport messages after the response, in pages (tbc on all but the last).</summary>
    internal void SendReport(int requestId, IReadOnlyList<SettingDefinition> definitions)
    {
        var pageSize = Math.Max(1, Model.Settings.GetInt("DeviceDataCtrlr.ItemsPerMessage.GetReport"));
        var pages = definitions.Chunk(pageSize).ToList();
        var generatedAt = Session.Now;
        Session.AfterReply(() =>
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var page = pages[i];
                var seqNo = i;
                var tbc = i < pages.Count - 1;
                Session.Enqueue(new OutgoingCall("NotifyReport", CallPayload.Of(() =>
                {
                    var data = new List<ReportDataType>(page.Length);
                    foreach (var definition in page)
                    {
                        var attribute = new VariableAttributeType(AttributeEnumType.Actual, ValueOf(definition) is { } v ? Cap(v, 2500) : null, definition.Mutability.ToString());
                        data.Add(new ReportDataType(Component(definition), Variable(definition), [attribute], Characteristics(definition)));
                    }

                    return new NotifyReportRequest(requestId, generatedAt, tbc, seqNo, data);
                }, V201Json.Default.NotifyReportRequest), CallClass.Requested));
            }
        });
    }

    internal static VariableCharacteristicsType Characteristics(SettingDefinition definition)
    {
        var dataType = definition.Type switch
        {
            SettingType.Integer => "integer",
            SettingType.Boolean => "boolean",
            SettingType.MemberList => "MemberList",
            _ => "string",
        };
        return new VariableCharacteristicsType(dataType, false, definition.AllowedValues is { } values ? Cap(string.Join(',', values), 1000) : null);
    }
}
