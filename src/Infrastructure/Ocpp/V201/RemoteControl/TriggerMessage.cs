using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

/// <summary>TriggerMessage (F06): the requested message is sent after the answer.</summary>
internal sealed class TriggerMessage : ICsmsCallHandler<V201Protocol>
{
    public string Action => "TriggerMessage";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requested = Str(payload, "requestedMessage");
        var evse = payload["evse"] as JsonObject;
        var evseId = evse is null ? null : Int(evse, "id");
        var target = evseId is null or 0 ? null : protocol.Model.Connector(evseId.Value);

        // F06.FR.02: an EVSE that does not matter to the requested message is ignored; one that does must exist.
        if (evseId is not null and not 0 && target is null && requested is "StatusNotification" or "MeterValues" or "TransactionEvent")
        {
            return Status("Rejected");
        }

        var targets = target is null ? protocol.Model.Connectors : [target];
        Action? send;
        switch (requested)
        {
            case "BootNotification":
                // F06.FR.17: no protocol.BootNotification on request once accepted.
                if (protocol.Session.Registration == RegistrationStatus.Accepted)
                {
                    return Status("Rejected");
                }

                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.BootNotification("Triggered")));
                break;
            case "Heartbeat":
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(protocol.Heartbeat()));
                break;
            case "StatusNotification":
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        protocol.Session.Enqueue(OcppProtocol.Requested(protocol.StatusNotification(connector, connector.Status)));
                    }
                };
                break;
            case "MeterValues":
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        protocol.Model.SampleNow(connector);
                    }
                };
                break;
            case "TransactionEvent":
                if (!targets.Any(c => c.Transaction is not null))
                {
                    return Status("Rejected");
                }

                send = () =>
                {
                    foreach (var connector in targets.Where(c => c.Transaction is not null))
                    {
                        protocol.Session.Enqueue(protocol.TransactionEvent("Updated", connector, connector.Transaction!, TxTrigger.Trigger, protocol.Model.Read(connector, MeterReading.Trigger), first: false));
                    }
                };
                break;
            case "FirmwareStatusNotification":
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(V201Protocol.FirmwareStatusNotification(protocol.FirmwareStatus, protocol.FirmwareStatus == "Idle" ? null : protocol.FirmwareRequestId)));
                break;
            case "LogStatusNotification":
                send = () => protocol.Session.Enqueue(OcppProtocol.Requested(V201Protocol.LogStatusNotification(protocol.LogStatus, protocol.LogStatus == "Idle" ? null : protocol.LogRequestId)));
                break;
            default:
                return Status("NotImplemented");
        }

        protocol.Session.AfterReply(send);
        return Status("Accepted");
    }
}
