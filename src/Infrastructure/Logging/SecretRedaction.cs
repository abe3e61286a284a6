using System.Text.Json;
using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Framing;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Removes secrets a CSMS sends to the charge point from the frame as it is stored in the log (and so
/// from <c>GET …/logs</c> and the live stream). The charger itself acts on the original frame; only the
/// logged copy changes, and it stays valid JSON of the same shape with the value replaced by
/// <see cref="Placeholder"/>:
/// <list type="bullet">
/// <item>1.6 <c>ChangeConfiguration</c> of <c>AuthorizationKey</c> (Security Whitepaper §3.1.3, the Basic-auth password);</item>
/// <item>2.0.1 <c>SetVariables</c> of <c>SecurityCtrlr.BasicAuthPassword</c> (A01.FR.01);</item>
/// <item>2.0.1 <c>SetNetworkProfile</c> APN and VPN passwords and the VPN key (B09).</item>
/// </list>
/// Names compare case-insensitively: a CSMS that spells the key differently does not get its secret logged.
/// </summary>
public static class SecretRedaction
{
    public const string Placeholder = "[redacted]";

    /// <summary>The frame text to store for a CSMS CALL: <paramref name="text"/> itself unless it carries a secret.</summary>
    public static string ForLog(string text, string? action)
    {
        if (action is not ("ChangeConfiguration" or "SetVariables" or "SetNetworkProfile"))
        {
            return text;
        }

        JsonArray frame;
        try
        {
            if (JsonNode.Parse(text) is not JsonArray array || array.Count < 4 || array[3] is not JsonObject)
            {
                return text;
            }

            frame = array;
        }
        catch (JsonException)
        {
            return text;
        }

        var payload = frame[3]!.AsObject();
        var changed = action switch
        {
            "ChangeConfiguration" => RedactChangeConfiguration(payload),
            "SetVariables" => RedactSetVariables(payload),
            _ => RedactNetworkProfile(payload),
        };
        return changed ? frame.ToJsonString(OcppFrame.WireOptions) : text;
    }

    private static bool RedactChangeConfiguration(JsonObject payload)
    {
        if (!Is(payload["key"], "AuthorizationKey") || !payload.ContainsKey("value"))
        {
            return false;
        }

        payload["value"] = Placeholder;
        return true;
    }

    private static bool RedactSetVariables(JsonObject payload)
    {
        if (payload["setVariableData"] is not JsonArray data)
        {
            return false;
        }

        var changed = false;
        foreach (var item in data.OfType<JsonObject>())
        {
            if (Is(item["component"]?["name"], "SecurityCtrlr") && Is(item["variable"]?["name"], "BasicAuthPassword") && item.ContainsKey("attributeValue"))
            {
                item["attributeValue"] = Placeholder;
                changed = true;
            }
        }

        return changed;
    }

    private static bool RedactNetworkProfile(JsonObject payload)
    {
        if (payload["connectionData"] is not JsonObject connection)
        {
            return false;
        }

        var changed = false;
        if (connection["apn"] is JsonObject apn && apn.ContainsKey("apnPassword"))
        {
            apn["apnPassword"] = Placeholder;
            changed = true;
        }

        if (connection["vpn"] is JsonObject vpn)
        {
            foreach (var field in new[] { "password", "key" })
            {
                if (vpn.ContainsKey(field))
                {
                    vpn[field] = Placeholder;
                    changed = true;
                }
            }
        }

        return changed;
    }

    private static bool Is(JsonNode? node, string name) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && string.Equals(text, name, StringComparison.OrdinalIgnoreCase);
}
