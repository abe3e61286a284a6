using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.RemoteTrigger;

/// <summary>MessageTrigger (1.6 §7.29).</summary>
internal enum MessageTrigger
{
    BootNotification,
    DiagnosticsStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    StatusNotification,
}

internal sealed record TriggerMessageRequest(MessageTrigger? RequestedMessage, int? ConnectorId);

internal sealed record TriggerMessageResponse(string Status);

/// <summary>TriggerMessage (1.6 §5.17): the requested message is sent after the answer.</summary>
internal sealed class TriggerMessage : V16CallHandler<TriggerMessageRequest, TriggerMessageResponse>
{
    public override string Action => "TriggerMessage";

    protected override CallAnswer<TriggerMessageResponse> Handle(V16Protocol protocol, TriggerMessageRequest request)
    {
        var index = request.ConnectorId;
        if (index is not null and not 0 && protocol.Model.Connector(index.Value) is null)
        {
            return new TriggerMessageResponse("Rejected");
        }

        Action? send = request.RequestedMessage switch
        {
            MessageTrigger.BootNotification => () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.BootNotification("Triggered"))),
            MessageTrigger.Heartbeat => () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.Heartbeat())),
            MessageTrigger.StatusNotification => () =>
            {
                foreach (var call in index is null ? protocol.AllStatuses() : index == 0 ? [protocol.StationStatus(protocol.Model.StationStatus)] : [protocol.StatusNotification(protocol.Model.Connector(index.Value)!, protocol.Model.Connector(index.Value)!.Status, protocol.Model.Connector(index.Value)!.ErrorCode)])
                {
                    protocol.Session.Enqueue(OcppProtocol.Requested(call));
                }
            },
            MessageTrigger.MeterValues => () =>
            {
                foreach (var connector in index is null or 0 ? protocol.Model.Connectors : [protocol.Model.Connector(index.Value)!])
                {
                    protocol.Model.SampleNow(connector);
                }
            },
            MessageTrigger.FirmwareStatusNotification => () => protocol.Session.Enqueue(OcppProtocol.Requested(V16Protocol.FirmwareStatusNotification(protocol.FirmwareStatus))),
            MessageTrigger.DiagnosticsStatusNotification => () => protocol.Session.Enqueue(OcppProtocol.Requested(V16Protocol.DiagnosticsStatusNotification(protocol.DiagnosticsStatus))),
            _ => null,
        };
        if (send is null)
        {
            return new TriggerMessageResponse("NotImplemented");
        }

        protocol.Session.AfterReply(send);
        return new TriggerMessageResponse("Accepted");
    }
}
