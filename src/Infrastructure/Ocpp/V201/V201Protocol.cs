using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>
/// OCPP 2.0.1: the device model (Get/SetVariables, reports), transactions as TransactionEvent,
/// remote control, local list, reservations, smart charging, firmware and log simulation.
/// Each EVSE has one connector (connectorId 1).
/// </summary>
public sealed partial class V201Protocol(ISessionServices session) : OcppProtocol(session)
{
    internal static readonly CallHandlerRegistry<V201Protocol> Handlers = new(typeof(V201Protocol).Assembly);

    internal Dictionary<int, string> ReportedStatus { get; } = [];
    internal string LogStatus { get; set; } = "Idle";
    internal int? LogRequestId { get; set; }

    public override OcppVersion Version => OcppVersion.V201;

    public override bool AnswersWhileRejected => true;

    public override string StatusName(ConnectorStatus status) => NameOf(status);

    public override int ReportedConnectorId(Connector connector) => 1;

    public override string? ReportedTransactionId(Transaction transaction) => transaction.DisplayId(v16: false);

    public override SettingDefinition? FindSetting(string key)
    {
        if (SettingsCatalog.FindKey16(key) is { ExistsIn201: true } byKey)
        {
            return byKey;
        }

        var parts = key.Split('.');
        return parts.Length is 2 or 3 ? SettingsCatalog.FindVariable(parts[0], parts[1], parts.Length == 3 ? parts[2] : null) : null;
    }

    public override ConnectorLookup FindConnector(int? evseId, int? connectorId)
    {
        if (evseId is { } evse)
        {
            return Model.ConnectorOfEvse(evse, connectorId) is { } connector
                ? ConnectorLookup.Found(connector)
                : Model.Connector(evse) is null
                    ? ConnectorLookup.Missing($"EVSE {evse} does not exist; this charger has EVSEs 1–{Model.Connectors.Count}.", "evse_id")
                    : ConnectorLookup.Missing($"EVSE {evse} has only connector 1.", "connector_id");
        }

        // Without an EVSE id, a 2.0.1 connector id counts the outlets of the station.
        var outlet = connectorId ?? 1;
        return Model.Connector(outlet) is { } byOutlet
            ? ConnectorLookup.Found(byOutlet)
            : ConnectorLookup.Missing($"connector {outlet} does not exist; give evse_id 1–{Model.Connectors.Count}.", "connector_id");
    }

    // 2.0.1 §4.2/§4.4: an unreadable id is answered with "-1"; an answer (3, 4) that cannot be read is ignored.
    public override (string MessageId, string ErrorCode, string Description)? MalformedReply(Framing.OcppFrame frame)
    {
        if (frame.MessageTypeNumber is 3 or 4)
        {
            return null;
        }

        var code = frame.MessageTypeNumber is { } type and not 2
            ? Framing.OcppErrorCodes.MessageTypeNotSupported
            : frame.MessageTypeNumber == 2 ? Framing.OcppErrorCodes.FormatViolation(OcppVersion.V201) : Framing.OcppErrorCodes.RpcFrameworkError;
        return (frame.MessageId ?? "-1", code, frame.Problem ?? "Malformed message.");
    }

    public override bool Handles(string action) => Handlers.Handles(action);

    /// <summary>The CSMS-initiated actions this version implements (one handler class each, under V201/).</summary>
    public static IReadOnlyList<string> ImplementedActions => Handlers.Actions;

    public override OutgoingCall BootNotification(string reason) =>
        new("BootNotification", CallPayload.Of(
            () => new BootNotificationRequest(
                reason,
                new ChargingStationType(
                    Cap(Model.Spec.SerialNumber, 25),
                    Cap(Model.Spec.Model, 20),
                    Cap(Model.Spec.VendorName, 50),
                    Cap(Model.Spec.FirmwareVersion, 50))),
            V201Json.Default.BootNotificationRequest), CallClass.Boot)
        {
            OnResult = Reading(V201Json.Default.BootNotificationResponse, answer => BootAnswered(answer.Status, answer.Interval, answer.CurrentTime)),
        };

    private static readonly HeartbeatRequest EmptyHeartbeat = new();

    public override OutgoingCall Heartbeat() => new("Heartbeat", CallPayload.Of(() => EmptyHeartbeat, V201Json.Default.HeartbeatRequest));

    public override IEnumerable<OutgoingCall> AllStatuses()
    {
        ReportedStatus.Clear();
        foreach (var connector in Model.Connectors)
        {
            yield return StatusNotification(connector, connector.Status);
        }
    }

    public override IEnumerable<OutgoingCall> Translate(ChargePointEvent chargePointEvent)
    {
        switch (chargePointEvent)
        {
            case ConnectorStatusChanged changed:
                // 2.0.1 folds several 1.6 states into Occupied: only a change of the folded status is news.
                if (!ReportedStatus.TryGetValue(changed.Connector.Index, out var last) || last != NameOf(changed.Status))
                {
                    yield return StatusNotification(changed.Connector, changed.Status);
                }

                break;
            case TransactionStarted started:
                yield return TransactionEvent("Started", started.Connector, started.Transaction, started.Trigger, started.Reading, first: true);
                break;
            case TransactionUpdated updated:
                yield return TransactionEvent("Updated", updated.Connector, updated.Transaction, updated.Trigger, updated.Reading, first: false);
                break;
            case TransactionEnded ended:
                yield return TransactionEvent("Ended", ended.Connector, ended.Transaction, ended.Trigger, ended.Reading, first: false);
                break;
            case MeterValuesSampled sampled:
                // F06.FR.02: the requested message is leading, so a triggered sample is a MeterValuesRequest even
                // during a transaction (TriggerMessage TransactionEvent asks for the transaction's view).
                yield return new OutgoingCall("MeterValues", CallPayload.Of(
                    () => new MeterValuesRequest(sampled.Connector.EvseId, [MeterValue(sampled.Reading, Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData))]),
                    V201Json.Default.MeterValuesRequest), CallClass.Requested);
                break;
            case ReservationEnded ended:
                yield return new OutgoingCall("ReservationStatusUpdate", CallPayload.Of(
                    () => new ReservationStatusUpdateRequest(ended.Reservation.Id, ended.Reason),
                    V201Json.Default.ReservationStatusUpdateRequest));
                break;
        }
    }

    public override OutgoingCall Authorize(string idTag, string idTokenType, Action<IdTagInfo?> decided) =>
        AuthorizeCall(
            CallPayload.Of(() => new AuthorizeRequest(new IdTokenType(idTag, idTokenType)), V201Json.Default.AuthorizeRequest),
            idTag,
            V201Json.Default.AuthorizeResponse,
            answer => answer.IdTokenInfo?.ToInfo(),
            decided);

    public override CallReply Handle(string action, JsonObject payload)
    {
        // B03.FR.08 / B02: while Rejected every CSMS call is refused; while Pending only configuration traffic.
        if (Session.Registration == RegistrationStatus.Rejected)
        {
            return CallReply.Error(Framing.OcppErrorCodes.SecurityError, "The charging station is not registered (BootNotification Rejected).");
        }

        return Handlers.Handle(this, action, payload);
    }

    // ---- Firmware and log status -------------------------------------------------------

    internal void SendFirmwareStatus(string status, int requestId)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status, requestId));
    }

    internal static OutgoingCall FirmwareStatusNotification(string status, int? requestId) =>
        new("FirmwareStatusNotification", CallPayload.Of(() => new FirmwareStatusNotificationRequest(status, requestId), V201Json.Default.FirmwareStatusNotificationRequest));

    internal static OutgoingCall LogStatusNotification(string status, int? requestId) =>
        new("LogStatusNotification", CallPayload.Of(() => new LogStatusNotificationRequest(status, requestId), V201Json.Default.LogStatusNotificationRequest));

    public override void RestoredAnswered(string action, JsonObject payload, Connector? connector, Transaction? transaction, JsonObject result, IEnumerable<JsonObject> related)
    {
        // The transaction id is the station's own; only a Started event's answer says something: the token's status.
        if (action == "TransactionEvent" && Str(payload, "eventType") == "Started" && connector is not null && transaction is not null)
        {
            TransactionAuthorization(connector, transaction, result["idTokenInfo"] is JsonObject info
                ? new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "cacheExpiryDateTime"), null)
                : null);
        }
    }

    public override bool EndsTransaction(string action, JsonObject payload) =>
        action == "TransactionEvent" && Str(payload, "eventType") == "Ended";
}
