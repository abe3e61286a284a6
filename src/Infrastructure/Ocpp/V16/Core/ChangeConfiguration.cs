using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>ChangeConfiguration (1.6 §5.3): the settings catalog decides Accepted, Rejected, RebootRequired or NotSupported.</summary>
internal sealed class ChangeConfiguration : ICsmsCallHandler<V16Protocol>
{
    public string Action => "ChangeConfiguration";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var key = Str(payload, "key") ?? string.Empty;
        var value = Str(payload, "value") ?? string.Empty;
        var definition = SettingsCatalog.FindKey16(key);
        if (definition is null)
        {
            return Status("NotSupported");
        }

        return Status(protocol.Model.Settings.TrySet(definition, value).ToString());
    }
}
