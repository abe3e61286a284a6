using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>GetBaseReport (B07): a full, configuration or summary inventory, sent afterwards in NotifyReport parts.</summary>
internal sealed class GetBaseReport : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetBaseReport";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var reportBase = Str(payload, "reportBase");
        IEnumerable<SettingDefinition> selected = SettingsCatalog.All.Where(d => d.ExistsIn201);
        selected = reportBase switch
        {
            "ConfigurationInventory" => selected.Where(d => d.Mutability != Mutability.ReadOnly),
            "SummaryInventory" => selected.Where(d => d.Variable is "AvailabilityState" or "Available" or "Enabled" or "Entries"),
            _ => selected,
        };
        protocol.SendReport(requestId, selected.ToList());
        return Status("Accepted");
    }
}
