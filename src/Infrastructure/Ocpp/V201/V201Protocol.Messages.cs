using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>2.0.1 messages the station sends: StatusNotification, TransactionEvent with its meter values, and the names it uses in them.</summary>
public sealed partial class V201Protocol
{
    internal static string NameOf(ConnectorStatus status) => status switch
    {
        ConnectorStatus.Available => "Available",
        ConnectorStatus.Reserved => "Reserved",
        ConnectorStatus.Unavailable => "Unavailable",
        ConnectorStatus.Faulted => "Faulted",
        _ => "Occupied",
    };

    internal OutgoingCall StatusNotification(Connector connector, ConnectorStatus status)
    {
        var name = NameOf(status);
        ReportedStatus[connector.Index] = name;

        // The time of the change, taken now: the payload itself is built only when the call is sent.
        var timestamp = Session.Now;
        return new OutgoingCall("StatusNotification", CallPayload.Of(
            () => new StatusNotificationRequest(timestamp, name, connector.EvseId, 1),
            V201Json.Default.StatusNotificationRequest));
    }

    internal OutgoingCall TransactionEvent(string eventType, Connector connector, Transaction tx, TxTrigger trigger, MeterReading? reading, bool first)
    {
        // seqNo is taken now, in event order; the payload is then built once and kept for retries.
        var seqNo = tx.NextSeqNo++;
        var chargingState = eventType == "Ended"
            ? (connector.CablePlugged ? ChargingState.EVConnected : ChargingState.Idle)
            : tx.ChargingState;
        var stopReason = tx.StopReason;

        // An event without a reading (a charging-state change) happened now, not when it is finally sent
        // (transaction messages wait in order while offline), so that seqNo order stays time order.
        var timestamp = reading?.Timestamp ?? Session.Now;

        // E04: an event that happened while the station had no connection says so.
        var offline = !Session.Online;
        return new OutgoingCall("TransactionEvent", CallPayload.Of(() =>
        {
            var info = new TransactionType(
                tx.Id,
                chargingState.ToString(),
                // Local too, though the schema lets it be left out: TC_E_15_CS expects stoppedReason Local.
                eventType == "Ended" ? StoppedReasonOf(stopReason ?? Domain.ChargePoint.StopReason.Local) : null,
                first ? tx.RemoteStartId : null);

            // idToken "is required when the EV Driver becomes authorized for this transaction and when the
            // EV Driver ends authorization", once per authorization: in the first event (E03.FR.01: the
            // transaction starts authorized), in a later Authorized one, and in the StopAuthorized one
            // (E07.FR.02). Not for Deauthorized (the CSMS refused the token the Started event carried), nor
            // for a RequestStopTransaction or a Reset.
            var idToken = first || trigger is TxTrigger.Authorized or TxTrigger.StopAuthorized ? new IdTokenType(tx.IdTag, tx.IdTokenType) : null;
            IReadOnlyList<MeterValueType>? meterValue = null;
            if (reading is not null)
            {
                var measurands = eventType switch
                {
                    "Started" => Model.Settings.GetList(SettingsCatalog.TxStartedMeasurands),
                    "Ended" => Model.Settings.GetList(SettingsCatalog.StopTxnSampledData),
                    _ => Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData),
                };
                meterValue = [MeterValue(reading, measurands)];
            }

            return new TransactionEventRequest(
                eventType,
                timestamp,
                TriggerReasonOf(trigger),
                seqNo,
                offline ? true : null,
                info,
                idToken,
                first ? new EvseType(connector.EvseId, 1) : null,
                first ? tx.ReservationId : null,
                meterValue);
        }, V201Json.Default.TransactionEventRequest), CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = Reading(V201Json.Default.TransactionEventResponse, answer =>
            {
                if (first)
                {
                    TransactionAuthorization(connector, tx, answer.IdTokenInfo?.ToInfo());
                }

                if (eventType == "Ended")
                {
                    UnplugIfAutomatic(connector);
                }
            }),
            OnFailure = _ =>
            {
                if (eventType == "Ended")
                {
                    UnplugIfAutomatic(connector);
                }
            },
        };
    }

    internal MeterValueType MeterValue(MeterReading reading, IReadOnlyList<string> measurands)
    {
        var samples = new List<SampledValueType>(measurands.Count);
        foreach (var measurand in measurands)
        {
            var sample = measurand switch
            {
                "Energy.Active.Import.Register" => Sample(Math.Round(reading.EnergyWh), measurand, "Wh", "Outlet", reading.Context),
                "Power.Active.Import" => Sample(reading.PowerW, measurand, "W", "Outlet", reading.Context),
                "Current.Import" => Sample(reading.CurrentA, measurand, "A", "Outlet", reading.Context),
                "Power.Offered" => Sample(Model.Spec.MaxPowerW, measurand, "W", "Outlet", reading.Context),
                "Voltage" => Sample(Model.Spec.IsDc ? 400 : 230, measurand, "V", "Outlet", reading.Context),
                "SoC" when reading.SocPercent is { } soc => Sample(Math.Round(soc), measurand, "Percent", "EV", reading.Context),
                _ => null,
            };
            if (sample is not null)
            {
                samples.Add(sample);
            }
        }

        if (samples.Count == 0)
        {
            samples.Add(Sample(Math.Round(reading.EnergyWh), "Energy.Active.Import.Register", "Wh", "Outlet", reading.Context));
        }

        return new MeterValueType(reading.Timestamp, samples);
    }

    internal static SampledValueType Sample(double value, string measurand, string unit, string location, string context) =>
        new(value, context, measurand, location, new UnitOfMeasureType(unit));

    internal static string TriggerReasonOf(TxTrigger trigger) => trigger switch
    {
        TxTrigger.Trigger => "Trigger",
        _ => trigger.ToString(),
    };

    internal static string StoppedReasonOf(Domain.ChargePoint.StopReason reason) => reason switch
    {
        Domain.ChargePoint.StopReason.Remote => "Remote",
        Domain.ChargePoint.StopReason.EVDisconnected => "EVDisconnected",
        Domain.ChargePoint.StopReason.HardReset => "ImmediateReset",
        Domain.ChargePoint.StopReason.SoftReset => "ImmediateReset",
        Domain.ChargePoint.StopReason.PowerLoss => "PowerLoss",
        Domain.ChargePoint.StopReason.Reboot => "Reboot",
        Domain.ChargePoint.StopReason.DeAuthorized => "DeAuthorized",
        Domain.ChargePoint.StopReason.EmergencyStop => "EmergencyStop",
        Domain.ChargePoint.StopReason.EnergyLimitReached => "EnergyLimitReached",
        Domain.ChargePoint.StopReason.TimeLimitReached => "TimeLimitReached",
        Domain.ChargePoint.StopReason.SocLimitReached => "SOCLimitReached",
        Domain.ChargePoint.StopReason.GroundFault => "GroundFault",
        Domain.ChargePoint.StopReason.OvercurrentFault => "OvercurrentFault",
        Domain.ChargePoint.StopReason.Local => "Local",
        _ => "Other",
    };
}
