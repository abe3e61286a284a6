using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Diagnostics;

/// <summary>GetLog (N01): names the file, then reports a simulated upload by LogStatusNotification.</summary>
internal sealed class GetLog : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetLog";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var fileName = $"{(Str(payload, "logType") == "SecurityLog" ? "security" : "diagnostics")}-{protocol.Model.Spec.Identity}-{protocol.Session.Now:yyyyMMddHHmmss}.log";
        protocol.LogRequestId = requestId;
        protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            protocol.LogStatus = "Uploading";
            protocol.Session.Enqueue(V201Protocol.LogStatusNotification("Uploading", requestId));
            protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                protocol.LogStatus = "Uploaded";
                protocol.Session.Enqueue(V201Protocol.LogStatusNotification("Uploaded", requestId));
            });
        });
        return CallReply.Ok(Obj(("status", "Accepted"), ("filename", Cap(fileName, 255))));
    }
}
