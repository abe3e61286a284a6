using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.LocalAuthorizationList;

/// <summary>SendLocalList (D01): a full or differential update of the local authorization list.</summary>
internal sealed class SendLocalList : ICsmsCallHandler<V201Protocol>
{
    public string Action => "SendLocalList";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        // D01: with the local list disabled, or more entries than a message may carry, the update fails.
        if (!protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled)
            || (payload["localAuthorizationList"] as JsonArray)?.Count > protocol.Model.Settings.GetInt(SettingsCatalog.SendLocalListMaxLength))
        {
            return Status("Failed");
        }

        var version = Int(payload, "versionNumber") ?? 0;
        var full = Str(payload, "updateType") == "Full";
        var entries = new List<(string, IdTagInfo?)>();
        foreach (var item in (payload["localAuthorizationList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var token = item["idToken"] as JsonObject ?? [];
            entries.Add((Str(token, "idToken") ?? string.Empty, V201Protocol.IdTokenInfoOf(item["idTokenInfo"] as JsonObject)));
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
