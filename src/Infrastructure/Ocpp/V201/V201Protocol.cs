using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>
/// OCPP 2.0.1: the device model (Get/SetVariables, reports), transactions as TransactionEvent,
/// remote control, local list, reservations, smart charging, firmware and log simulation.
/// Each EVSE has one connector (connectorId 1).
/// </summary>
public sealed class V201Protocol(ISessionServices session) : OcppProtocol(session)
{
    private static readonly HashSet<string> Implemented = new(StringComparer.Ordinal)
    {
        "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "Reset", "ClearCache", "GetLocalListVersion",
        "SendLocalList", "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage",
        "UnlockConnector", "ChangeAvailability", "ReserveNow", "CancelReservation", "SetChargingProfile",
        "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule", "UpdateFirmware", "GetLog", "DataTransfer",
    };

    private readonly Dictionary<int, string> _reportedStatus = [];
    private string _logStatus = "Idle";
    private int? _logRequestId;

    public override OcppVersion Version => OcppVersion.V201;

    public override bool Handles(string action) => Implemented.Contains(action);


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
        _reportedStatus.Clear();
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
                if (!_reportedStatus.TryGetValue(changed.Connector.Index, out var last) || last != StatusName(changed.Status))
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

        return action switch
        {
            "GetVariables" => GetVariables(payload),
            "SetVariables" => SetVariables(payload),
            "GetBaseReport" => GetBaseReport(payload),
            "GetReport" => GetReport(payload),
            "Reset" => Reset(payload),
            "ClearCache" => Status(Model.Settings.GetBool(SettingsCatalog.AuthorizationCacheEnabled) ? ClearCache() : "Rejected"),
            "GetLocalListVersion" => CallReply.Ok(Obj(("versionNumber", Model.LocalList.Version))),
            "SendLocalList" => SendLocalList(payload),
            "GetTransactionStatus" => GetTransactionStatus(payload),
            "RequestStartTransaction" => RequestStart(payload),
            "RequestStopTransaction" => RequestStop(payload),
            "TriggerMessage" => TriggerMessage(payload),
            "UnlockConnector" => Unlock(payload),
            "ChangeAvailability" => ChangeAvailability(payload),
            "ReserveNow" => ReserveNow(payload),
            "CancelReservation" => Status(Model.CancelReservation(Int(payload, "reservationId") ?? -1) ? "Accepted" : "Rejected"),
            "SetChargingProfile" => SetChargingProfile(payload),
            "GetChargingProfiles" => GetChargingProfiles(payload),
            "ClearChargingProfile" => ClearChargingProfile(payload),
            "GetCompositeSchedule" => GetCompositeSchedule(payload),
            "UpdateFirmware" => UpdateFirmware(payload),
            "GetLog" => GetLog(payload),
            "DataTransfer" => DataTransfer(payload),
            _ => NotSupported(action),
        };
    }

    // ---- Outgoing messages ---------------------------------------------------------------

    private static string StatusName(ConnectorStatus status) => status switch
    {
        ConnectorStatus.Available => "Available",
        ConnectorStatus.Reserved => "Reserved",
        ConnectorStatus.Unavailable => "Unavailable",
        ConnectorStatus.Faulted => "Faulted",
        _ => "Occupied",
    };

    private OutgoingCall StatusNotification(Connector connector, ConnectorStatus status)
    {
        var name = StatusName(status);
        _reportedStatus[connector.Index] = name;

        // The time of the change, taken now: the payload itself is built only when the call is sent.
        var timestamp = Timestamp(Session.Now);
        return new OutgoingCall("StatusNotification", () => Obj(
            ("timestamp", timestamp),
            ("connectorStatus", name),
            ("evseId", connector.EvseId),
            ("connectorId", 1)));
    }

    private OutgoingCall TransactionEvent(string eventType, Connector connector, Transaction tx, TxTrigger trigger, MeterReading? reading, bool first)
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

    private JsonObject MeterValue(MeterReading reading, IReadOnlyList<string> measurands)
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

    private static JsonObject Sample(double value, string measurand, string unit, string location, string context) =>
        Obj(("value", value), ("context", context), ("measurand", measurand), ("location", location), ("unitOfMeasure", Obj(("unit", unit))));

    private static JsonObject IdToken(string idTag, string type) => Obj(("idToken", idTag), ("type", type));

    private static IdTagInfo? IdTokenInfoOf(JsonObject? info) =>
        info is null ? null : new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "cacheExpiryDateTime"), null);

    private static string TriggerReasonOf(TxTrigger trigger) => trigger switch
    {
        TxTrigger.Trigger => "Trigger",
        _ => trigger.ToString(),
    };

    private static string StoppedReasonOf(Domain.ChargePoint.StopReason reason) => reason switch
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

    private static JsonObject Component(SettingDefinition definition) =>
        Obj(("name", definition.Component));

    private static JsonObject Variable(SettingDefinition definition) =>
        Obj(("name", definition.Variable), ("instance", definition.Instance));

    private string? ValueOf(SettingDefinition definition) =>
        definition.Mutability == Mutability.WriteOnly ? null : definition.Live?.Invoke(Model) ?? Model.Settings.Get(definition.Name);

    private CallReply GetVariables(JsonObject payload)
    {
        var results = new JsonArray();
        foreach (var item in (payload["getVariableData"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var component = item["component"] as JsonObject ?? [];
            var variable = item["variable"] as JsonObject ?? [];
            var componentName = Str(component, "name") ?? string.Empty;
            var variableName = Str(variable, "name") ?? string.Empty;
            var attributeType = Str(item, "attributeType") ?? "Actual";
            var definition = SettingsCatalog.FindVariable(componentName, variableName, Str(variable, "instance"));
            string status;
            string? value = null;
            if (definition is null)
            {
                status = SettingsCatalog.IsKnownComponent(componentName) ? "UnknownVariable" : "UnknownComponent";
            }
            else if (attributeType != "Actual")
            {
                status = "NotSupportedAttributeType";
            }
            else if (definition.Mutability == Mutability.WriteOnly)
            {
                status = "Rejected";
            }
            else
            {
                status = "Accepted";
                value = Cap(ValueOf(definition) ?? string.Empty, 2500);
            }

            results.Add(Obj(
                ("attributeStatus", status),
                ("attributeType", attributeType),
                ("attributeValue", value),
                ("component", component.DeepClone()),
                ("variable", variable.DeepClone())));
        }

        return CallReply.Ok(Obj(("getVariableResult", results)));
    }

    private CallReply SetVariables(JsonObject payload)
    {
        var results = new JsonArray();
        foreach (var item in (payload["setVariableData"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var component = item["component"] as JsonObject ?? [];
            var variable = item["variable"] as JsonObject ?? [];
            var componentName = Str(component, "name") ?? string.Empty;
            var attributeType = Str(item, "attributeType") ?? "Actual";
            var definition = SettingsCatalog.FindVariable(componentName, Str(variable, "name") ?? string.Empty, Str(variable, "instance"));
            string status;
            if (definition is null)
            {
                status = SettingsCatalog.IsKnownComponent(componentName) ? "UnknownVariable" : "UnknownComponent";
            }
            else if (attributeType != "Actual")
            {
                status = "NotSupportedAttributeType";
            }
            else
            {
                status = Model.Settings.TrySet(definition, Str(item, "attributeValue") ?? string.Empty) switch
                {
                    SetStatus.Accepted => "Accepted",
                    SetStatus.RebootRequired => "RebootRequired",
                    _ => "Rejected",
                };
            }

            results.Add(Obj(
                ("attributeType", attributeType),
                ("attributeStatus", status),
                ("component", component.DeepClone()),
                ("variable", variable.DeepClone())));
        }

        return CallReply.Ok(Obj(("setVariableResult", results)));
    }

    private CallReply GetBaseReport(JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var reportBase = Str(payload, "reportBase");
        IEnumerable<SettingDefinition> selected = SettingsCatalog.All.Where(d => d.ExistsIn201);
        selected = reportBase switch
        {
            "ConfigurationInventory" => selected.Where(d => d.Mutability != Mutability.ReadOnly),
            "SummaryInventory" => selected.Where(d => d.Variable is "AvailabilityState" or "Available" or "Enabled" or "Entries"),
            _ => selected,
        };
        SendReport(requestId, selected.ToList());
        return Status("Accepted");
    }

    private CallReply GetReport(JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var wanted = (payload["componentVariable"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var criteria = (payload["componentCriteria"] as JsonArray ?? []).Select(c => c?.GetValue<string>()).ToList();
        var selected = SettingsCatalog.All.Where(d => d.ExistsIn201).Where(d =>
        {
            if (wanted.Count > 0 && !wanted.Any(w =>
                    string.Equals(Str(w["component"] as JsonObject ?? [], "name"), d.Component, StringComparison.OrdinalIgnoreCase)
                    && (w["variable"] is not JsonObject v
                        || (string.Equals(Str(v, "name"), d.Variable, StringComparison.OrdinalIgnoreCase)
                            && (Str(v, "instance") is null || string.Equals(Str(v, "instance"), d.Instance, StringComparison.OrdinalIgnoreCase))))))
            {
                return false;
            }

            // Criteria select components that have the matching variable (Enabled, Available, Active, Problem).
            return criteria.Count == 0 || criteria.Any(c => c is "Enabled" or "Available" or "Active");
        }).ToList();
        if (selected.Count == 0)
        {
            return Status("EmptyResultSet");
        }

        SendReport(requestId, selected);
        return Status("Accepted");
    }

    /// <summary>NotifyReport messages after the response, in pages (tbc on all but the last).</summary>
    private void SendReport(int requestId, IReadOnlyList<SettingDefinition> definitions)
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

    private static JsonObject Characteristics(SettingDefinition definition)
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

    private CallReply Reset(JsonObject payload)
    {
        if (Int(payload, "evseId") is not null)
        {
            return Status("Rejected");
        }

        if (Str(payload, "type") == "OnIdle" && Model.Connectors.Any(c => c.Transaction is not null))
        {
            ResetWhenIdle = true;
            return Status("Scheduled");
        }

        Session.AfterReply(() => Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
        return Status("Accepted");
    }

    private CallReply SendLocalList(JsonObject payload)
    {
        // D01: with the local list disabled, or more entries than a message may carry, the update fails.
        if (!Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled)
            || (payload["localAuthorizationList"] as JsonArray)?.Count > Model.Settings.GetInt(SettingsCatalog.SendLocalListMaxLength))
        {
            return Status("Failed");
        }

        var version = Int(payload, "versionNumber") ?? 0;
        var full = Str(payload, "updateType") == "Full";
        var entries = new List<(string, IdTagInfo?)>();
        foreach (var item in (payload["localAuthorizationList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var token = item["idToken"] as JsonObject ?? [];
            entries.Add((Str(token, "idToken") ?? string.Empty, IdTokenInfoOf(item["idTokenInfo"] as JsonObject)));
        }

        var outcome = Model.LocalList.Apply(version, full, entries, Model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength));
        return Status(outcome switch
        {
            UpdateOutcome.Accepted => "Accepted",
            UpdateOutcome.VersionMismatch => "VersionMismatch",
            _ => "Failed",
        });
    }

    private CallReply GetTransactionStatus(JsonObject payload)
    {
        var id = Str(payload, "transactionId");
        var queued = Session.HasQueuedTransactionMessages(id);
        var result = Obj(("messagesInQueue", queued));
        if (id is not null)
        {
            result["ongoingIndicator"] = Model.ConnectorWithTransaction(id) is not null;
        }

        return CallReply.Ok(result);
    }

    private CallReply RequestStart(JsonObject payload)
    {
        var token = payload["idToken"] as JsonObject ?? [];
        var idTag = Str(token, "idToken") ?? string.Empty;
        var type = Str(token, "type") ?? "Central";
        var remoteStartId = Int(payload, "remoteStartId");
        if (Session.Registration != RegistrationStatus.Accepted)
        {
            return Status("Rejected");
        }

        var evseId = Int(payload, "evseId") ?? Model.Connectors.FirstOrDefault(c => Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (evseId is null || Model.Connector(evseId.Value) is not { } connector)
        {
            return Status("Rejected");
        }

        if (connector.Transaction is { } running)
        {
            return CallReply.Ok(Obj(("status", "Rejected"), ("transactionId", running.Id)));
        }

        if (Model.CannotStart(evseId.Value, idTag) is not null)
        {
            return Status("Rejected");
        }

        ChargingProfile? profile = null;
        if (payload["chargingProfile"] is JsonObject profileJson)
        {
            profile = ParseProfile(profileJson, evseId.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Status("Rejected");
            }
        }

        var index = evseId.Value;
        Session.AfterReply(() => BeginSession(
            index,
            idTag,
            type,
            askCsms: Model.Settings.GetBool(SettingsCatalog.AuthorizeRemoteTxRequests),
            automaticPlug: true,
            TxTrigger.RemoteStart,
            remoteStartId,
            started: profile is null ? null : () => Model.InstallProfile(profile with { TransactionId = null })));
        return Status("Accepted");
    }

    private CallReply RequestStop(JsonObject payload)
    {
        var id = Str(payload, "transactionId") ?? string.Empty;
        var connector = Model.Connectors.FirstOrDefault(c => c.Transaction?.Id == id);
        if (connector is null)
        {
            return Status("Rejected");
        }

        Session.AfterReply(() => Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return Status("Accepted");
    }

    private CallReply TriggerMessage(JsonObject payload)
    {
        var requested = Str(payload, "requestedMessage");
        var evse = payload["evse"] as JsonObject;
        var evseId = evse is null ? null : Int(evse, "id");
        var target = evseId is null or 0 ? null : Model.Connector(evseId.Value);

        // F06.FR.02: an EVSE that does not matter to the requested message is ignored; one that does must exist.
        if (evseId is not null and not 0 && target is null && requested is "StatusNotification" or "MeterValues" or "TransactionEvent")
        {
            return Status("Rejected");
        }

        var targets = target is null ? Model.Connectors : [target];
        Action? send;
        switch (requested)
        {
            case "BootNotification":
                // F06.FR.17: no BootNotification on request once accepted.
                if (Session.Registration == RegistrationStatus.Accepted)
                {
                    return Status("Rejected");
                }

                send = () => Session.Enqueue(Requested(BootNotification("Triggered")));
                break;
            case "Heartbeat":
                send = () => Session.Enqueue(Requested(Heartbeat()));
                break;
            case "StatusNotification":
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        Session.Enqueue(Requested(StatusNotification(connector, connector.Status)));
                    }
                };
                break;
            case "MeterValues":
                send = () =>
                {
                    foreach (var connector in targets)
                    {
                        Model.SampleNow(connector);
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
                        Session.Enqueue(TransactionEvent("Updated", connector, connector.Transaction!, TxTrigger.Trigger, Model.Read(connector, MeterReading.Trigger), first: false));
                    }
                };
                break;
            case "FirmwareStatusNotification":
                send = () => Session.Enqueue(Requested(FirmwareStatusNotification(FirmwareStatus, FirmwareStatus == "Idle" ? null : FirmwareRequestId)));
                break;
            case "LogStatusNotification":
                send = () => Session.Enqueue(Requested(LogStatusNotification(_logStatus, _logStatus == "Idle" ? null : _logRequestId)));
                break;
            default:
                return Status("NotImplemented");
        }

        Session.AfterReply(send);
        return Status("Accepted");
    }

    private CallReply Unlock(JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        var connectorId = Int(payload, "connectorId") ?? 0;
        if (Model.ConnectorOfEvse(evseId, connectorId) is not { } connector)
        {
            return Status("UnknownConnector");
        }

        // F05.FR.02: an authorized transaction keeps its cable locked.
        return Status(connector.Transaction is not null ? "OngoingAuthorizedTransaction" : "Unlocked");
    }

    private CallReply ChangeAvailability(JsonObject payload)
    {
        var operative = Str(payload, "operationalStatus") == "Operative";
        var evse = payload["evse"] as JsonObject;
        var evseId = evse is null ? 0 : Int(evse, "id") ?? 0;
        if (evseId != 0 && Model.ConnectorOfEvse(evseId, evse is null ? null : Int(evse, "connectorId")) is null)
        {
            return Status("Rejected");
        }

        return Status(Model.ChangeAvailability(evseId, operative).ToString());
    }

    private CallReply ReserveNow(JsonObject payload)
    {
        var token = payload["idToken"] as JsonObject ?? [];
        var group = payload["groupIdToken"] as JsonObject;
        var outcome = Model.Reserve(
            Int(payload, "evseId") ?? 0,
            Int(payload, "id") ?? 0,
            Str(token, "idToken") ?? string.Empty,
            Time(payload, "expiryDateTime") ?? Session.Now,
            group is null ? null : Str(group, "idToken"));
        return Status(outcome.ToString());
    }

    private static ProfilePurpose? PurposeOf(string purpose) => purpose switch
    {
        "ChargingStationMaxProfile" => ProfilePurpose.StationMax,
        "TxDefaultProfile" => ProfilePurpose.TxDefault,
        "TxProfile" => ProfilePurpose.Tx,
        "ChargingStationExternalConstraints" => ProfilePurpose.ExternalConstraints,
        _ => null,
    };

    private static string PurposeName(ProfilePurpose purpose) => purpose switch
    {
        ProfilePurpose.StationMax => "ChargingStationMaxProfile",
        ProfilePurpose.TxDefault => "TxDefaultProfile",
        ProfilePurpose.Tx => "TxProfile",
        _ => "ChargingStationExternalConstraints",
    };

    private static ChargingProfile? ParseProfile(JsonObject json, int evseId)
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

    private static JsonObject ProfileJson(ChargingProfile profile)
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

    private CallReply SetChargingProfile(JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        if (payload["chargingProfile"] is not JsonObject json || ParseProfile(json, evseId) is not { } profile)
        {
            return Status("Rejected");
        }

        // K01.FR.22: external constraints come from outside the CSMS; the CSMS may not set them.
        if (profile.Purpose == ProfilePurpose.ExternalConstraints)
        {
            return Status("Rejected");
        }

        return Status(Model.InstallProfile(profile) ? "Accepted" : "Rejected");
    }

    private CallReply GetChargingProfiles(JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var criteria = payload["chargingProfile"] as JsonObject ?? [];
        var ids = (criteria["chargingProfileId"] as JsonArray ?? []).Select(i => i!.GetValue<int>()).ToList();
        var sources = (criteria["chargingLimitSource"] as JsonArray ?? []).Select(s => s?.GetValue<string>()).ToList();
        if (sources.Count > 0 && !sources.Contains("CSO"))
        {
            return Status("NoProfiles");
        }

        var found = Model.Profiles.Find(
            Int(payload, "evseId"),
            Str(criteria, "chargingProfilePurpose") is { } purpose ? PurposeOf(purpose) : null,
            Int(criteria, "stackLevel"),
            ids);
        if (found.Count == 0)
        {
            return Status("NoProfiles");
        }

        var byEvse = found.GroupBy(p => p.EvseId).ToList();
        Session.AfterReply(() =>
        {
            for (var i = 0; i < byEvse.Count; i++)
            {
                var group = byEvse[i];
                var tbc = i < byEvse.Count - 1;
                Session.Enqueue(new OutgoingCall("ReportChargingProfiles", () => Obj(
                    ("requestId", requestId),
                    ("chargingLimitSource", "CSO"),
                    ("tbc", tbc),
                    ("evseId", group.Key),
                    ("chargingProfile", new JsonArray(group.Select(p => (JsonNode)ProfileJson(p)).ToArray()))), CallClass.Requested));
            }
        });
        return Status("Accepted");
    }

    private CallReply ClearChargingProfile(JsonObject payload)
    {
        var criteria = payload["chargingProfileCriteria"] as JsonObject;
        var removed = Model.ClearProfiles(
            Int(payload, "chargingProfileId"),
            criteria is null ? null : Int(criteria, "evseId"),
            criteria is not null && Str(criteria, "chargingProfilePurpose") is { } purpose ? PurposeOf(purpose) : null,
            criteria is null ? null : Int(criteria, "stackLevel"));
        return Status(removed > 0 ? "Accepted" : "Unknown");
    }

    private CallReply GetCompositeSchedule(JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        var duration = Int(payload, "duration") ?? 0;
        if (evseId != 0 && Model.Connector(evseId) is null)
        {
            return Status("Rejected");
        }

        var unit = Str(payload, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W;
        var now = Session.Now;
        var steps = Model.Profiles.Composite(evseId, now, duration, Model.Connector(evseId)?.Transaction?.StartedAt, Model.Spec.IsDc, Model.Spec.MaxPowerW);
        var periods = new JsonArray();
        foreach (var (offset, watts) in steps)
        {
            periods.Add(Obj(("startPeriod", offset), ("limit", Math.Round(ChargingProfile.FromWatts(watts, unit, Model.Spec.IsDc), 1))));
        }

        return CallReply.Ok(Obj(
            ("status", "Accepted"),
            ("schedule", Obj(
                ("evseId", evseId),
                ("duration", duration),
                ("scheduleStart", Timestamp(now)),
                ("chargingRateUnit", unit.ToString()),
                ("chargingSchedulePeriod", periods)))));
    }

    private CallReply UpdateFirmware(JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var firmware = payload["firmware"] as JsonObject ?? [];
        var valid = Uri.TryCreate(Str(firmware, "location"), UriKind.Absolute, out _);
        var retrieve = Time(firmware, "retrieveDateTime") ?? Session.Now;
        var delay = retrieve > Session.Now ? retrieve - Session.Now : TimeSpan.Zero;
        var step = TimeSpan.FromSeconds(1);
        FirmwareRequestId = requestId;
        Session.Schedule(delay, () =>
        {
            SendFirmwareStatus("Downloading", requestId);
            Session.Schedule(step, () =>
            {
                if (!valid)
                {
                    SendFirmwareStatus("DownloadFailed", requestId);
                    return;
                }

                SendFirmwareStatus("Downloaded", requestId);
                Session.Schedule(step, () =>
                {
                    SendFirmwareStatus("Installing", requestId);
                    Session.Schedule(step, () =>
                    {
                        SendFirmwareStatus("Installed", requestId);
                        Session.Schedule(step, () => Session.Reboot(Domain.ChargePoint.StopReason.Reboot, "FirmwareUpdate"));
                    });
                });
            });
        });
        return Status("Accepted");
    }

    private void SendFirmwareStatus(string status, int requestId)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status, requestId));
    }

    private static OutgoingCall FirmwareStatusNotification(string status, int? requestId) =>
        new("FirmwareStatusNotification", () => Obj(("status", status), ("requestId", requestId)));

    private static OutgoingCall LogStatusNotification(string status, int? requestId) =>
        new("LogStatusNotification", () => Obj(("status", status), ("requestId", requestId)));

    private CallReply GetLog(JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var fileName = $"{(Str(payload, "logType") == "SecurityLog" ? "security" : "diagnostics")}-{Model.Spec.Identity}-{Session.Now:yyyyMMddHHmmss}.log";
        _logRequestId = requestId;
        Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            _logStatus = "Uploading";
            Session.Enqueue(LogStatusNotification("Uploading", requestId));
            Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                _logStatus = "Uploaded";
                Session.Enqueue(LogStatusNotification("Uploaded", requestId));
            });
        });
        return CallReply.Ok(Obj(("status", "Accepted"), ("filename", Cap(fileName, 255))));
    }

    private static CallReply DataTransfer(JsonObject payload) =>
        Str(payload, "vendorId") == SimulatorVendorId
            ? CallReply.Ok(Obj(("status", "Accepted"), ("data", payload["data"]?.DeepClone())))
            : Status("UnknownVendorId");
}
