using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>GetReport (B08): the variables matching the component/variable and criteria filters, sent in NotifyReport parts.</summary>
internal sealed class GetReport : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetReport";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var wanted = (payload["componentVariable"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var criteria = (payload["componentCriteria"] as JsonArray ?? []).Select(c => c?.GetValue<string>()).ToList();
        var selected = SettingsCatalog.All.Where(d => d.ExistsIn201).Where(d =>
        {
            if (wanted.Count > 0 && !wanted.Any(w =>
                    string.Equals(Str(w["component"] as JsonObject ?? [], "name"), d.Component, StringComparison.OrdinalIgnoreCase)
                    && (w["variable"] is not JsonObject v
                        || (string.Equals(Str(v, "name"), d.Variable, StringComparison.OrdinalIgnoreCase)
                            && (Str(v, "instance") is null || string.Equals(Str(v, "instance"), d.Instance, StringComparison.OrdinalIgnoreCase))))))
            {
                return false;
            }

            // Criteria select components that have the matching variable (Enabled, Available, Active, Problem).
            return criteria.Count == 0 || criteria.Any(c => c is "Enabled" or "Available" or "Active");
        }).ToList();
        if (selected.Count == 0)
        {
            return Status("EmptyResultSet");
        }

        protocol.SendReport(requestId, selected);
        return Status("Accepted");
    }
}
