using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>
/// OCPP 2.0.1: the device model (Get/SetVariables, reports), transactions as TransactionEvent,
/// remote control, local list, reservations, smart charging, firmware and log simulation.
/// Each EVSE has one connector (connectorId 1).
/// </summary>
public sealed class V201Protocol(ISessionServices session) : OcppProtocol(session)
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
        new("BootNotification", () => Obj(
            ("reason", reason),
            ("chargingStation", Obj(
                ("serialNumber", Cap(Model.Spec.SerialNumber, 25)),
                ("model", Cap(Model.Spec.Model, 20)),
                ("vendorName", Cap(Model.Spec.VendorName, 50)),
                ("firmwareVersion", Cap(Model.Spec.FirmwareVersion, 50))))), CallClass.Boot)
        {
            OnResult = result => Session.BootAnswered(
                Str(result, "status") switch
                {
                    "Accepted" => RegistrationStatus.Accepted,
                    "Pending" => RegistrationStatus.Pending,
                    _ => RegistrationStatus.Rejected,
                },
                Int(result, "interval") ?? 0,
                Time(result, "currentTime")),
        };

    public override OutgoingCall Heartbeat() => new("Heartbeat", () => new JsonObject());

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
                yield return new OutgoingCall("MeterValues", () => Obj(
                    ("evseId", sampled.Connector.EvseId),
                    ("meterValue", new JsonArray(MeterValue(sampled.Reading, Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData))))), CallClass.Requested);
                break;
            case ReservationEnded ended:
                yield return new OutgoingCall("ReservationStatusUpdate", () => Obj(
                    ("reservationId", ended.Reservation.Id),
                    ("reservationUpdateStatus", ended.Reason)));
                break;
        }
    }

    public override OutgoingCall Authorize(string idTag, string idTokenType, Action<IdTagInfo?> decided) =>
        new("Authorize", () => Obj(("idToken", IdToken(idTag, idTokenType))))
        {
            OnResult = result =>
            {
                var info = IdTokenInfoOf(result["idTokenInfo"] as JsonObject);
                if (info is not null)
                {
                    Model.RememberAuthorization(idTag, info);
                }

                decided(info);
            },
            OnFailure = _ => decided(null),
        };

    public override CallReply Handle(string action, JsonObject payload)
    {
        // B03.FR.08 / B02: while Rejected every CSMS call is refused; while Pending only configuration traffic.
        if (Session.Registration == RegistrationStatus.Rejected)
        {
            return CallReply.Error(Framing.OcppErrorCodes.SecurityError, "The charging station is not registered (BootNotification Rejected).");
        }

        return Handlers.Handle(this, action, payload);
    }

    // ---- Outgoing messages ---------------------------------------------------------------

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

    // ---- Device model ------------------------------------------------------------------

    internal static JsonObject Component(SettingDefinition definition) =>
        Obj(("name", definition.Component));

    internal static JsonObject Variable(SettingDefinition definition) =>
        Obj(("name", definition.Variable), ("instance", definition.Instance));

    internal string? ValueOf(SettingDefinition definition) =>
        definition.Mutability == Mutability.WriteOnly ? null : definition.Live?.Invoke(Model) ?? Model.Settings.Get(definition.Name);

    /// <summary>NotifyReport messages after the response, in pages (tbc on all but the last).</summary>
    internal void SendReport(int requestId, IReadOnlyList<SettingDefinition> definitions)
    {
        var pageSize = Math.Max(1, Model.Settings.GetInt("DeviceDataCtrlr.ItemsPerMessage.GetReport"));
        var pages = definitions.Chunk(pageSize).ToList();
        var generatedAt = Timestamp(Session.Now);
        Session.AfterReply(() =>
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var page = pages[i];
                var seqNo = i;
                var tbc = i < pages.Count - 1;
                Session.Enqueue(new OutgoingCall("NotifyReport", () =>
                {
                    var data = new JsonArray();
                    foreach (var definition in page)
                    {
                        var attribute = Obj(("type", "Actual"), ("value", ValueOf(definition) is { } v ? Cap(v, 2500) : null), ("mutability", definition.Mutability.ToString()));
                        data.Add(Obj(
                            ("component", Component(definition)),
                            ("variable", Variable(definition)),
                            ("variableAttribute", new JsonArray(attribute)),
                            ("variableCharacteristics", Characteristics(definition))));
                    }

                    return Obj(("requestId", requestId), ("generatedAt", generatedAt), ("tbc", tbc), ("seqNo", seqNo), ("reportData", data));
                }, CallClass.Requested));
            }
        });
    }

    internal static JsonObject Characteristics(SettingDefinition definition)
    {
        var dataType = definition.Type switch
        {
            SettingType.Integer => "integer",
            SettingType.Boolean => "boolean",
            SettingType.MemberList => "MemberList",
            _ => "string",
        };
        return Obj(
            ("dataType", dataType),
            ("supportsMonitoring", false),
            ("valuesList", definition.AllowedValues is { } values ? Cap(string.Join(',', values), 1000) : null));
    }

    // ---- Other CSMS-initiated ---------------------------------------------------------

    internal static ProfilePurpose? PurposeOf(string purpose) => purpose switch
    {
        "ChargingStationMaxProfile" => ProfilePurpose.StationMax,
        "TxDefaultProfile" => ProfilePurpose.TxDefault,
        "TxProfile" => ProfilePurpose.Tx,
        "ChargingStationExternalConstraints" => ProfilePurpose.ExternalConstraints,
        _ => null,
    };

    internal static string PurposeName(ProfilePurpose purpose) => purpose switch
    {
        ProfilePurpose.StationMax => "ChargingStationMaxProfile",
        ProfilePurpose.TxDefault => "TxDefaultProfile",
        ProfilePurpose.Tx => "TxProfile",
        _ => "ChargingStationExternalConstraints",
    };

    internal static ChargingProfile? ParseProfile(JsonObject json, int evseId)
    {
        if (PurposeOf(Str(json, "chargingProfilePurpose") ?? string.Empty) is not { } purpose
            || (json["chargingSchedule"] as JsonArray)?.FirstOrDefault() is not JsonObject schedule)
        {
            return null;
        }

        var periods = (schedule["chargingSchedulePeriod"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => new SchedulePeriod(Int(p, "startPeriod") ?? 0, Dbl(p, "limit") ?? 0, Int(p, "numberPhases")))
            .ToList();
        return new ChargingProfile(
            Int(json, "id") ?? 0,
            Int(json, "stackLevel") ?? 0,
            purpose,
            Str(json, "chargingProfileKind") switch
            {
                "Recurring" => ProfileKind.Recurring,
                "Relative" => ProfileKind.Relative,
                _ => ProfileKind.Absolute,
            },
            new ChargingSchedule(
                Str(schedule, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W,
                periods,
                Int(schedule, "duration"),
                Time(schedule, "startSchedule"),
                Dbl(schedule, "minChargingRate"),
                Int(schedule, "id")),
            evseId,
            Str(json, "recurrencyKind") == "Weekly" ? RecurrencyKind.Weekly : Str(json, "recurrencyKind") == "Daily" ? RecurrencyKind.Daily : null,
            Time(json, "validFrom"),
            Time(json, "validTo"),
            Str(json, "transactionId"));
    }

    internal static JsonObject ProfileJson(ChargingProfile profile)
    {
        var periods = new JsonArray();
        foreach (var period in profile.Schedule.Periods)
        {
            periods.Add(Obj(("startPeriod", period.StartPeriodSeconds), ("limit", period.Limit), ("numberPhases", period.NumberPhases)));
        }

        var schedule = Obj(
            ("id", profile.Schedule.Id ?? profile.Id),
            ("startSchedule", profile.Schedule.StartSchedule is { } start ? Timestamp(start) : null),
            ("duration", profile.Schedule.DurationSeconds),
            ("chargingRateUnit", profile.Schedule.Unit.ToString()),
            ("chargingSchedulePeriod", periods),
            ("minChargingRate", profile.Schedule.MinChargingRate));
        return Obj(
            ("id", profile.Id),
            ("stackLevel", profile.StackLevel),
            ("chargingProfilePurpose", PurposeName(profile.Purpose)),
            ("chargingProfileKind", profile.Kind.ToString()),
            ("recurrencyKind", profile.Recurrency?.ToString()),
            ("validFrom", profile.ValidFrom is { } from ? Timestamp(from) : null),
            ("validTo", profile.ValidTo is { } to ? Timestamp(to) : null),
            ("transactionId", profile.TransactionId),
            ("chargingSchedule", new JsonArray(schedule)));
    }

    internal void SendFirmwareStatus(string status, int requestId)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status, requestId));
    }

    internal static OutgoingCall FirmwareStatusNotification(string status, int? requestId) =>
        new("FirmwareStatusNotification", () => Obj(("status", status), ("requestId", requestId)));

    internal static OutgoingCall LogStatusNotification(string status, int? requestId) =>
        new("LogStatusNotification", () => Obj(("status", status), ("requestId", requestId)));

}
