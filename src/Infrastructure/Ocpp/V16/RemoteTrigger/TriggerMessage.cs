using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.RemoteTrigger;

/// <summary>TriggerMessage (1.6 §5.17): the requested message is sent after the answer.</summary>
internal sealed class TriggerMessage : ICsmsCallHandler<V16Protocol>
{
    public string Action => "TriggerMessage";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var requested = Str(payload, "requestedMessage");
        var index = Int(payload, "connectorId");
        if (index is not null and not 0 && protocol.Model.Connector(index.Value) is null)
        {
            return Status("Rejected");
        }

        Action? send = requested switch
        {
            "BootNotification" => () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.BootNotification("Triggered"))),
            "Heartbeat" => () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.Heartbeat())),
            "StatusNotification" => () =>
            {
                foreach (var call in index is null ? protocol.AllStatuses() : index == 0 ? [protocol.StationStatus(protocol.Model.StationStatus)] : [protocol.StatusNotification(protocol.Model.Connector(index.Value)!, protocol.Model.Connector(index.Value)!.Status, protocol.Model.Connector(index.Value)!.ErrorCode)])
                {
                    protocol.Session.Enqueue(OcppProtocol.Requested(call));
                }
            },
            "MeterValues" => () =>
            {
                foreach (var connector in index is null or 0 ? protocol.Model.Connectors : [protocol.Model.Connector(index.Value)!])
                {
                    protocol.Model.SampleNow(connector);
                }
            },
            "FirmwareStatusNotification" => () => protocol.Session.Enqueue(OcppProtocol.Requested(V16Protocol.FirmwareStatusNotification(protocol.FirmwareStatus))),
            "DiagnosticsStatusNotification" => () => protocol.Session.Enqueue(OcppProtocol.Requested(V16Protocol.DiagnosticsStatusNotification(protocol.DiagnosticsStatus))),
            _ => null,
        };
        if (send is null)
        {
            return Status("NotImplemented");
        }

        protocol.Session.AfterReply(send);
        return Status("Accepted");
    }
}
