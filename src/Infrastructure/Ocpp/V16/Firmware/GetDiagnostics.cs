using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Firmware;

/// <summary>GetDiagnostics (1.6 §5.9): names the file, then reports a simulated upload by DiagnosticsStatusNotification.</summary>
internal sealed class GetDiagnostics : ICsmsCallHandler<V16Protocol>
{
    public string Action => "GetDiagnostics";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var fileName = $"diagnostics-{protocol.Model.Spec.Identity}-{protocol.Session.Now:yyyyMMddHHmmss}.log";
        protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            protocol.DiagnosticsStatus = "Uploading";
            protocol.Session.Enqueue(V16Protocol.DiagnosticsStatusNotification("Uploading"));
            protocol.Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                protocol.DiagnosticsStatus = "Uploaded";
                protocol.Session.Enqueue(V16Protocol.DiagnosticsStatusNotification("Uploaded"));
            });
        });
        return CallReply.Ok(Obj(("fileName", fileName)));
    }
}
