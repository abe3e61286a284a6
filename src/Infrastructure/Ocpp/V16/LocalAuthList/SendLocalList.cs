using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.LocalAuthList;

/// <summary>SendLocalList (1.6 §5.15): a full or differential update within SendLocalListMaxLength and LocalAuthListMaxLength.</summary>
internal sealed class SendLocalList : ICsmsCallHandler<V16Protocol>
{
    public string Action => "SendLocalList";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        if (!protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled))
        {
            return Status("NotSupported");
        }

        // More entries than one SendLocalList may carry (SendLocalListMaxLength) fail the update.
        if ((payload["localAuthorizationList"] as JsonArray)?.Count > protocol.Model.Settings.GetInt(SettingsCatalog.SendLocalListMaxLength))
        {
            return Status("Failed");
        }

        var version = Int(payload, "listVersion") ?? 0;
        var full = Str(payload, "updateType") == "Full";
        var entries = new List<(string, IdTagInfo?)>();
        foreach (var item in (payload["localAuthorizationList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            entries.Add((Str(item, "idTag") ?? string.Empty, V16Protocol.IdTagInfoOf(item["idTagInfo"] as JsonObject)));
        }

        var outcome = protocol.Model.LocalList.Apply(version, full, entries, protocol.Model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength));
        return Status(outcome switch
        {
            UpdateOutcome.Accepted => "Accepted",
            UpdateOutcome.VersionMismatch => "VersionMismatch",
            _ => "Failed",
        });
    }
}
