using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16;

/// <summary>
/// OCPP 1.6-J: Core, FirmwareManagement, LocalAuthListManagement, Reservation, SmartCharging and
/// RemoteTrigger, as a charge point answers and sends them.
/// </summary>
public sealed class V16Protocol(ISessionServices session) : OcppProtocol(session)
{
    private static readonly CallHandlerRegistry<V16Protocol> Handlers = new(typeof(V16Protocol).Assembly);

    /// <summary>Diagnostics upload status as the last DiagnosticsStatusNotification said (for TriggerMessage).</summary>
    internal string DiagnosticsStatus { get; set; } = "Idle";

    public override OcppVersion Version => OcppVersion.V16;

    public override bool AnswersWhileRejected => false;

    public override string StatusName(ConnectorStatus status) => status.ToString();

    public override int ReportedConnectorId(Connector connector) => connector.Index;

    // 1.6 errata: a transaction whose StartTransaction never got an answer is -1 to the CSMS; before that it has none.
    public override string? ReportedTransactionId(Transaction transaction) =>
        transaction.CsmsTransactionId is null ? null : transaction.DisplayId(v16: true);

    public override SettingDefinition? FindSetting(string key) =>
        SettingsCatalog.FindKey16(key) is { ExistsIn16: true } definition ? definition : null;

    public override ConnectorLookup FindConnector(int? evseId, int? connectorId)
    {
        if (evseId is { } evse && connectorId is { } id && evse != id)
        {
            return ConnectorLookup.Missing("An OCPP 1.6 charger has no EVSEs: give connector_id only (or the same value for both).", "evse_id");
        }

        var index = connectorId ?? evseId ?? 1;
        return Model.Connector(index) is { } connector
            ? ConnectorLookup.Found(connector)
            : ConnectorLookup.Missing($"connector {index} does not exist; this charger has connectors 1–{Model.Connectors.Count}.", "connector_id");
    }

    // 1.6: an unknown message type is ignored; a CALL whose id can be read gets a CALLERROR.
    public override (string MessageId, string ErrorCode, string Description)? MalformedReply(Framing.OcppFrame frame) =>
        frame.MessageTypeNumber == 2 && frame.MessageId is { } id
            ? (id, Framing.OcppErrorCodes.FormatViolation(OcppVersion.V16), frame.Problem ?? "Malformed CALL.")
            : null;

    public override bool Handles(string action) => Handlers.Handles(action);

    /// <summary>The CSMS-initiated actions this version implements (one handler class each, under V16/).</summary>
    public static IReadOnlyList<string> ImplementedActions => Handlers.Actions;

    public override OutgoingCall BootNotification(string reason) =>
        new("BootNotification", CallPayload.Of(
            () => new BootNotificationRequest(
                Cap(Model.Spec.VendorName, 20),
                Cap(Model.Spec.Model, 20),
                Cap(Model.Spec.SerialNumber, 25),
                Cap(Model.Spec.SerialNumber, 25),
                Cap(Model.Spec.FirmwareVersion, 50)),
            V16Json.Default.BootNotificationRequest), CallClass.Boot)
        {
            OnResult = Reading(V16Json.Default.BootNotificationResponse, answer => BootAnswered(answer.Status, answer.Interval, answer.CurrentTime)),
        };

    private static readonly HeartbeatRequest EmptyHeartbeat = new();

    public override OutgoingCall Heartbeat() => new("Heartbeat", CallPayload.Of(() => EmptyHeartbeat, V16Json.Default.HeartbeatRequest));

    public override IEnumerable<OutgoingCall> AllStatuses()
    {
        yield return StationStatus(Model.StationStatus);
        foreach (var connector in Model.Connectors)
        {
            yield return StatusNotification(connector, connector.Status, connector.ErrorCode);
        }
    }

    public override IEnumerable<OutgoingCall> Translate(ChargePointEvent chargePointEvent)
    {
        switch (chargePointEvent)
        {
            case ConnectorStatusChanged changed:
                yield return StatusNotification(changed.Connector, changed.Status, changed.ErrorCode);
                break;
            case StationStatusChanged station:
                yield return StationStatus(station.Status);
                break;
            case TransactionStarted started:
                yield return StartTransaction(started);
                break;
            case TransactionUpdated { Reading: { } reading } updated:
                yield return MeterValues(updated.Connector, updated.Transaction, reading, CallClass.Transaction);
                break;
            case TransactionEnded ended:
                yield return StopTransaction(ended);
                break;
            case MeterValuesSampled sampled:
                yield return MeterValues(sampled.Connector, sampled.Transaction, sampled.Reading, CallClass.Requested);
                break;
        }
    }

    public override OutgoingCall Authorize(string idTag, string idTokenType, Action<IdTagInfo?> decided) =>
        AuthorizeCall(
            CallPayload.Of(() => new AuthorizeRequest(idTag), V16Json.Default.AuthorizeRequest),
            idTag,
            V16Json.Default.AuthorizeResponse,
            answer => answer.IdTagInfo?.ToInfo(),
            decided);

    public override CallReply Handle(string action, JsonObject payload) => Handlers.Handle(this, action, payload);

    // ---- Outgoing messages -------------------------------------------------------------

    // The timestamp is the time of the change, taken now: the payload itself is built only when the call is sent.
    internal OutgoingCall StatusNotification(Connector connector, ConnectorStatus status, string errorCode)
    {
        var timestamp = Session.Now;
        return new("StatusNotification", CallPayload.Of(
            () => new StatusNotificationRequest(connector.Index, errorCode, status.ToString(), timestamp),
            V16Json.Default.StatusNotificationRequest));
    }

    internal OutgoingCall StationStatus(ConnectorStatus status)
    {
        var timestamp = Session.Now;
        return new("StatusNotification", CallPayload.Of(
            () => new StatusNotificationRequest(0, "NoError", status.ToString(), timestamp),
            V16Json.Default.StatusNotificationRequest));
    }

    private OutgoingCall StartTransaction(TransactionStarted started)
    {
        var tx = started.Transaction;
        return new OutgoingCall("StartTransaction", CallPayload.Of(
            () => new StartTransactionRequest(started.Connector.Index, tx.IdTag, (int)Math.Round(started.Reading.EnergyWh), tx.ReservationId, started.Reading.Timestamp),
            V16Json.Default.StartTransactionRequest), CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = Reading(V16Json.Default.StartTransactionResponse, answer =>
            {
                tx.CsmsTransactionId = answer.TransactionId ?? -1;
                TransactionAuthorization(started.Connector, tx, answer.IdTagInfo?.ToInfo());
            }),

            // 1.6 errata: later messages of a transaction whose start never got through use -1.
            OnFailure = _ => tx.CsmsTransactionId ??= -1,
        };
    }

    private OutgoingCall StopTransaction(TransactionEnded ended)
    {
        var tx = ended.Transaction;
        return new OutgoingCall("StopTransaction", CallPayload.Of(
            () =>
            {
                var measurands = Model.Settings.GetList(SettingsCatalog.StopTxnSampledData);
                return new StopTransactionRequest(
                    tx.CsmsTransactionId ?? -1,
                    tx.IdTag,
                    (int)Math.Round(Math.Max(ended.Reading.EnergyWh, tx.MeterStartWh)),
                    ended.Reading.Timestamp,
                    StopReasonOf(tx.StopReason ?? Domain.ChargePoint.StopReason.Local),
                    measurands.Count > 0 ? [MeterValue(ended.Reading, measurands)] : null);
            },
            V16Json.Default.StopTransactionRequest), CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = Reading(V16Json.Default.StopTransactionResponse, answer =>
            {
                if (answer.IdTagInfo?.ToInfo() is { } info)
                {
                    Model.RememberAuthorization(tx.IdTag, info);
                }

                UnplugIfAutomatic(ended.Connector);
            }),
            OnFailure = _ => UnplugIfAutomatic(ended.Connector),
        };
    }

    private OutgoingCall MeterValues(Connector connector, Transaction? transaction, MeterReading reading, CallClass @class) =>
        new("MeterValues", CallPayload.Of(
            () => new MeterValuesRequest(
                connector.Index,
                transaction is null ? null : transaction.CsmsTransactionId ?? -1,
                [MeterValue(reading, Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData))]),
            V16Json.Default.MeterValuesRequest), transaction is null ? CallClass.Requested : @class)
        {
            TransactionId = transaction?.Id,
        };

    private MeterValueType MeterValue(MeterReading reading, IReadOnlyList<string> measurands)
    {
        var samples = new List<SampledValueType>(measurands.Count);
        foreach (var measurand in measurands)
        {
            var sample = measurand switch
            {
                "Energy.Active.Import.Register" => Sample(Number(Math.Round(reading.EnergyWh)), measurand, "Wh", "Outlet", reading.Context),
                "Power.Active.Import" => Sample(Number(reading.PowerW), measurand, "W", "Outlet", reading.Context),
                "Current.Import" => Sample(Number(reading.CurrentA), measurand, "A", "Outlet", reading.Context),
                "Current.Offered" => Sample(Number(Model.Spec.MaxPowerW / (Model.Spec.IsDc ? 400.0 : 690.0)), measurand, "A", "Outlet", reading.Context),
                "Power.Offered" => Sample(Number(Model.Spec.MaxPowerW), measurand, "W", "Outlet", reading.Context),
                "Voltage" => Sample(Model.Spec.IsDc ? "400" : "230", measurand, "V", "Outlet", reading.Context),
                "SoC" when reading.SocPercent is { } soc => Sample(Number(Math.Round(soc)), measurand, "Percent", "EV", reading.Context),
                _ => null,
            };
            if (sample is not null)
            {
                samples.Add(sample);
            }
        }

        if (samples.Count == 0)
        {
            samples.Add(Sample(Number(Math.Round(reading.EnergyWh)), "Energy.Active.Import.Register", "Wh", "Outlet", reading.Context));
        }

        return new MeterValueType(reading.Timestamp, samples);
    }

    private static SampledValueType Sample(string value, string measurand, string unit, string location, string context) =>
        new(value, context, measurand, location, unit);

    private static string? StopReasonOf(Domain.ChargePoint.StopReason reason) => reason switch
    {
        // A normal stop by the driver is sent without a reason (it means Local).
        Domain.ChargePoint.StopReason.Local => null,
        Domain.ChargePoint.StopReason.Remote => "Remote",
        Domain.ChargePoint.StopReason.EVDisconnected => "EVDisconnected",
        Domain.ChargePoint.StopReason.HardReset => "HardReset",
        Domain.ChargePoint.StopReason.SoftReset => "SoftReset",
        Domain.ChargePoint.StopReason.PowerLoss => "PowerLoss",
        Domain.ChargePoint.StopReason.Reboot => "Reboot",
        Domain.ChargePoint.StopReason.DeAuthorized => "DeAuthorized",
        Domain.ChargePoint.StopReason.EmergencyStop => "EmergencyStop",
        Domain.ChargePoint.StopReason.UnlockCommand => "UnlockCommand",
        _ => "Other",
    };

    // ---- CSMS-initiated --------------------------------------------------------------------

    internal void SendFirmwareStatus(string status)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status));
    }

    internal static OutgoingCall FirmwareStatusNotification(string status) =>
        new("FirmwareStatusNotification", CallPayload.Of(() => new FirmwareStatusNotificationRequest(status), V16Json.Default.FirmwareStatusNotificationRequest));

    internal static OutgoingCall DiagnosticsStatusNotification(string status) =>
        new("DiagnosticsStatusNotification", CallPayload.Of(() => new DiagnosticsStatusNotificationRequest(status), V16Json.Default.DiagnosticsStatusNotificationRequest));

    public override void RestoredAnswered(string action, JsonObject payload, Connector? connector, Transaction? transaction, JsonObject result, IEnumerable<JsonObject> related)
    {
        if (action != "StartTransaction")
        {
            return;
        }

        var csmsId = Int(result, "transactionId") ?? -1;
        if (transaction is not null)
        {
            transaction.CsmsTransactionId = csmsId;
        }

        // The stored messages of this transaction were made before the id was known (1.6 errata: -1).
        foreach (var stored in related)
        {
            if (stored["transactionId"] is JsonValue id && id.TryGetValue<int>(out var value) && value == -1)
            {
                stored["transactionId"] = csmsId;
            }
        }

        if (connector is not null && transaction is not null)
        {
            TransactionAuthorization(connector, transaction, result["idTagInfo"] is JsonObject info
                ? new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "expiryDate"), Str(info, "parentIdTag"))
                : null);
        }
    }

    public override void RestoredFailed(string action, Transaction? transaction)
    {
        // Unanswered for good: the transaction goes on under the errata's -1.
        if (action == "StartTransaction" && transaction is not null)
        {
            transaction.CsmsTransactionId ??= -1;
        }
    }

    public override bool EndsTransaction(string action, JsonObject payload) => action == "StopTransaction";
}
