using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;

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
        var timestamp = Timestamp(Session.Now);
        return new OutgoingCall("StatusNotification", () => Obj(
            ("timestamp", timestamp),
            ("connectorStatus", name),
            ("evseId", connector.EvseId),
            ("connectorId", 1)));
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
        var timestamp = Timestamp(reading?.Timestamp ?? Session.Now);

        // E04: an event that happened while the station had no connection says so.
        var offline = !Session.Online;
        return new OutgoingCall("TransactionEvent", () =>
        {
            var info = Obj(
                ("transactionId", tx.Id),
                ("chargingState", chargingState.ToString()),
                ("stoppedReason", eventType == "Ended" && stopReason is { } reason and not Domain.ChargePoint.StopReason.Local ? StoppedReasonOf(reason) : null),
                ("remoteStartId", first ? tx.RemoteStartId : null));
            var payload = Obj(
                ("eventType", eventType),
                ("timestamp", timestamp),
                ("triggerReason", TriggerReasonOf(trigger)),
                ("seqNo", seqNo),
                ("offline", offline ? true : null),
                ("transactionInfo", info));
            // idToken "is required when the EV Driver becomes authorized for this transaction and when the
            // EV Driver ends authorization", once per authorization: in the first event (E03.FR.01: the
            // transaction starts authorized), in a later Authorized one, and in the StopAuthorized one
            // (E07.FR.02). Not for Deauthorized (the CSMS refused the token the Started event carried), nor
            // for a RequestStopTransaction or a Reset.
            if (first || trigger is TxTrigger.Authorized or TxTrigger.StopAuthorized)
            {
                payload["idToken"] = IdToken(tx.IdTag, tx.IdTokenType);
            }

            if (first)
            {
                payload["evse"] = Obj(("id", connector.EvseId), ("connectorId", 1));
                if (tx.ReservationId is { } reservationId)
                {
                    payload["reservationId"] = reservationId;
                }
            }

            if (reading is not null)
            {
                var measurands = eventType switch
                {
                    "Started" => Model.Settings.GetList(SettingsCatalog.TxStartedMeasurands),
                    "Ended" => Model.Settings.GetList(SettingsCatalog.StopTxnSampledData),
                    _ => Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData),
                };
                payload["meterValue"] = new JsonArray(MeterValue(reading, measurands));
            }

            return payload;
        }, CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = result =>
            {
                if (first)
                {
                    TransactionAuthorization(connector, tx, IdTokenInfoOf(result["idTokenInfo"] as JsonObject));
                }

                if (eventType == "Ended")
                {
                    UnplugIfAutomatic(connector);
                }
            },
            OnFailure = _ =>
            {
                if (eventType == "Ended")
                {
                    UnplugIfAutomatic(connector);
                }
            },
        };
    }

    internal JsonObject MeterValue(MeterReading reading, IReadOnlyList<string> measurands)
    {
        var samples = new JsonArray();
        foreach (var measurand in measurands)
        {
            JsonObject? sample = measurand switch
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

        return Obj(("timestamp", Timestamp(reading.Timestamp)), ("sampledValue", samples));
    }

    internal static JsonObject Sample(double value, string measurand, string unit, string location, string context) =>
        Obj(("value", value), ("context", context), ("measurand", measurand), ("location", location), ("unitOfMeasure", Obj(("unit", unit))));

    internal static JsonObject IdToken(string idTag, string type) => Obj(("idToken", idTag), ("type", type));

    internal static IdTagInfo? IdTokenInfoOf(JsonObject? info) =>
        info is null ? null : new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "cacheExpiryDateTime"), null);

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
