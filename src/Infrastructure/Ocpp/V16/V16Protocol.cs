using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

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
        new("BootNotification", () => Obj(
            ("chargePointVendor", Cap(Model.Spec.VendorName, 20)),
            ("chargePointModel", Cap(Model.Spec.Model, 20)),
            ("chargePointSerialNumber", Cap(Model.Spec.SerialNumber, 25)),
            ("chargeBoxSerialNumber", Cap(Model.Spec.SerialNumber, 25)),
            ("firmwareVersion", Cap(Model.Spec.FirmwareVersion, 50))), CallClass.Boot)
        {
            OnResult = BootAnswered,
        };

    public override OutgoingCall Heartbeat() => new("Heartbeat", () => new JsonObject());

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
        AuthorizeCall(() => Obj(("idTag", idTag)), idTag, result => IdTagInfoOf(result["idTagInfo"] as JsonObject), decided);

    public override CallReply Handle(string action, JsonObject payload) => Handlers.Handle(this, action, payload);

    // ---- Outgoing messages -------------------------------------------------------------

    // The timestamp is the time of the change, taken now: the payload itself is built only when the call is sent.
    internal OutgoingCall StatusNotification(Connector connector, ConnectorStatus status, string errorCode)
    {
        var timestamp = Timestamp(Session.Now);
        return new("StatusNotification", () => Obj(
            ("connectorId", connector.Index),
            ("errorCode", errorCode),
            ("status", status.ToString()),
            ("timestamp", timestamp)));
    }

    internal OutgoingCall StationStatus(ConnectorStatus status)
    {
        var timestamp = Timestamp(Session.Now);
        return new("StatusNotification", () => Obj(
            ("connectorId", 0),
            ("errorCode", "NoError"),
            ("status", status.ToString()),
            ("timestamp", timestamp)));
    }

    private OutgoingCall StartTransaction(TransactionStarted started)
    {
        var tx = started.Transaction;
        return new OutgoingCall("StartTransaction", () => Obj(
            ("connectorId", started.Connector.Index),
            ("idTag", tx.IdTag),
            ("meterStart", (int)Math.Round(started.Reading.EnergyWh)),
            ("reservationId", tx.ReservationId),
            ("timestamp", Timestamp(started.Reading.Timestamp))), CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = result =>
            {
                tx.CsmsTransactionId = Int(result, "transactionId") ?? -1;
                TransactionAuthorization(started.Connector, tx, IdTagInfoOf(result["idTagInfo"] as JsonObject));
            },

            // 1.6 errata: later messages of a transaction whose start never got through use -1.
            OnFailure = _ => tx.CsmsTransactionId ??= -1,
        };
    }

    private OutgoingCall StopTransaction(TransactionEnded ended)
    {
        var tx = ended.Transaction;
        return new OutgoingCall("StopTransaction", () =>
        {
            var measurands = Model.Settings.GetList(SettingsCatalog.StopTxnSampledData);
            var payload = Obj(
                ("transactionId", tx.CsmsTransactionId ?? -1),
                ("idTag", tx.IdTag),
                ("meterStop", (int)Math.Round(Math.Max(ended.Reading.EnergyWh, tx.MeterStartWh))),
                ("timestamp", Timestamp(ended.Reading.Timestamp)),
                ("reason", StopReasonOf(tx.StopReason ?? Domain.ChargePoint.StopReason.Local)));
            if (measurands.Count > 0)
            {
                payload["transactionData"] = new JsonArray(MeterValue(ended.Reading, measurands));
            }

            return payload;
        }, CallClass.Transaction)
        {
            TransactionId = tx.Id,
            OnResult = result =>
            {
                if (IdTagInfoOf(result["idTagInfo"] as JsonObject) is { } info)
                {
                    Model.RememberAuthorization(tx.IdTag, info);
                }

                UnplugIfAutomatic(ended.Connector);
            },
            OnFailure = _ => UnplugIfAutomatic(ended.Connector),
        };
    }

    private OutgoingCall MeterValues(Connector connector, Transaction? transaction, MeterReading reading, CallClass @class) =>
        new("MeterValues", () => Obj(
            ("connectorId", connector.Index),
            ("transactionId", transaction is null ? null : transaction.CsmsTransactionId ?? -1),
            ("meterValue", new JsonArray(MeterValue(reading, Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData))))), transaction is null ? CallClass.Requested : @class)
        {
            TransactionId = transaction?.Id,
        };

    private JsonObject MeterValue(MeterReading reading, IReadOnlyList<string> measurands)
    {
        var samples = new JsonArray();
        foreach (var measurand in measurands)
        {
            JsonObject? sample = measurand switch
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

        return Obj(("timestamp", Timestamp(reading.Timestamp)), ("sampledValue", samples));
    }

    private static JsonObject Sample(string value, string measurand, string unit, string location, string context) =>
        Obj(("value", value), ("context", context), ("measurand", measurand), ("location", location), ("unit", unit));

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

    internal static IdTagInfo? IdTagInfoOf(JsonObject? info) =>
        info is null ? null : new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "expiryDate"), Str(info, "parentIdTag"));

    // ---- CSMS-initiated --------------------------------------------------------------------

    internal void SendFirmwareStatus(string status)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status));
    }

    internal static OutgoingCall FirmwareStatusNotification(string status) =>
        new("FirmwareStatusNotification", () => Obj(("status", status)));

    internal static OutgoingCall DiagnosticsStatusNotification(string status) =>
        new("DiagnosticsStatusNotification", () => Obj(("status", status)));
}
