using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

/// <summary>MessageTriggerEnumType (2.0.1 §3.54): every value binds; the ones without a case are NotImplemented.</summary>
internal enum MessageTriggerEnumType
{
    BootNotification,
    LogStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    SignChargingStationCertificate,
    SignV2GCertificate,
    StatusNotification,
    TransactionEvent,
    SignCombinedCertificate,
    PublishFirmwareStatusNotification,
}

internal sealed record TriggerMessageRequest(EvseType? Evse, MessageTriggerEnumType? RequestedMessage);

internal sealed record TriggerMessageResponse(string Status);

/// <summary>TriggerMessage (F06): the requested message is sent after the answer.</summary>
internal sealed class TriggerMessage : V201CallHandler<TriggerMessageRequest, TriggerMessageResponse>
{
    public override string Action => "TriggerMessage";

    protected override CallAnswer<TriggerMessageResponse> Handle(V201Protocol protocol, TriggerMessageRequest request)
    {
        var requested = request.RequestedMessage;
        var evseId = request.Evse?.Id;
        var target = evseId is null or 0 ? null : protocol.Model.Connector(evseId.Value);

        // F06.FR.02: an EVSE that does not matter to the requested message is ignored; one that does must exist.
        if (evseId is not null and not 0 && target is null && requested is MessageTriggerEnumType.StatusNotification or MessageTriggerEnumType.MeterValues or MessageTriggerEnumType.TransactionEvent)
        {
            return new TriggerMessageResponse("Rejected");
        }

        var targets = target is null ? protocol.Model.Connectors : [target];
        Action? send;
        switch (requested)
        {
            case MessageTriggerEnumType.BootNotification:
                // F06.FR.17: no protocol.BootNotification on request once accepted.
                if (protocol.Session.Registration == RegistrationStatus.Accepted)
                {
                    return new TriggerMessageResponse("Rejected");
                }

                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.BootNotification("Triggered")));
                break;
            case MessageTriggerEnumType.Heartbeat:
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.Heartbeat()));
                break;
            case MessageTriggerEnumType.StatusNotification:
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        protocol.Session.Enqueue(OcppProtocol.Requested(protocol.StatusNotification(connector, connector.Status)));
                    }
                };
                break;
            case MessageTriggerEnumType.MeterValues:
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        protocol.Model.SampleNow(connector);
                    }
                };
                break;
            case MessageTriggerEnumType.TransactionEvent:
                if (!targets.Any(c => c.Transaction is not null))
                {
                    return new TriggerMessageResponse("Rejected");
                }

                send = () =>
                {
                    foreach (var connector in targets.Where(c => c.Transaction is not null))
                    {
                        protocol.Session.Enqueue(protocol.TransactionEvent("Updated", connector, connector.Transaction!, TxTrigger.Trigger, protocol.Model.Read(connector, MeterReading.Trigger), first: false));
                    }
                };
                break;
            case MessageTriggerEnumType.FirmwareStatusNotification:
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(V201Protocol.FirmwareStatusNotification(protocol.FirmwareStatus, protocol.FirmwareStatus == "Idle" ? null : protocol.FirmwareRequestId)));
                break;
            case MessageTriggerEnumType.LogStatusNotification:
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(V201Protocol.LogStatusNotification(protocol.LogStatus, protocol.LogStatus == "Idle" ? null : protocol.LogRequestId)));
                break;
            default:
                return new TriggerMessageResponse("NotImplemented");
        }

        protocol.Session.AfterReply(send);
        return new TriggerMessageResponse("Accepted");
    }
}
