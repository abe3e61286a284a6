using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V16;

/// <summary>
/// OCPP 1.6-J: Core, FirmwareManagement, LocalAuthListManagement, Reservation, SmartCharging and
/// RemoteTrigger, as a charge point answers and sends them.
/// </summary>
public sealed class V16Protocol(ISessionServices session) : OcppProtocol(session)
{
    private static readonly HashSet<string> Implemented = new(StringComparer.Ordinal)
    {
        "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache", "ClearChargingProfile", "DataTransfer",
        "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction",
        "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
        "UnlockConnector", "UpdateFirmware",
    };

    private string _diagnosticsStatus = "Idle";

    public override OcppVersion Version => OcppVersion.V16;

    public override bool Handles(string action) => Implemented.Contains(action);

    public override OutgoingCall BootNotification(string reason) =>
        new("BootNotification", () => Obj(
            ("chargePointVendor", Cap(Model.Spec.VendorName, 20)),
            ("chargePointModel", Cap(Model.Spec.Model, 20)),
            ("chargePointSerialNumber", Cap(Model.Spec.SerialNumber, 25)),
            ("chargeBoxSerialNumber", Cap(Model.Spec.SerialNumber, 25)),
            ("firmwareVersion", Cap(Model.Spec.FirmwareVersion, 50))), CallClass.Boot)
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
        new("Authorize", () => Obj(("idTag", idTag)))
        {
            OnResult = result =>
            {
                var info = IdTagInfoOf(result["idTagInfo"] as JsonObject);
                if (info is not null)
                {
                    Model.RememberAuthorization(idTag, info);
                }

                decided(info);
            },
            OnFailure = _ => decided(null),
        };

    public override CallReply Handle(string action, JsonObject payload) => action switch
    {
        "GetConfiguration" => GetConfiguration(payload),
        "ChangeConfiguration" => ChangeConfiguration(payload),
        "ClearCache" => Status(Model.Settings.GetBool(SettingsCatalog.AuthorizationCacheEnabled) ? ClearCache() : "Rejected"),
        "DataTransfer" => DataTransfer(payload),
        "RemoteStartTransaction" => RemoteStart(payload),
        "RemoteStopTransaction" => RemoteStop(payload),
        "Reset" => Reset(payload),
        "UnlockConnector" => Unlock(payload),
        "ChangeAvailability" => ChangeAvailability(payload),
        "GetLocalListVersion" => CallReply.Ok(Obj(("listVersion", Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled) ? Model.LocalList.Version : -1))),
        "SendLocalList" => SendLocalList(payload),
        "ReserveNow" => ReserveNow(payload),
        "CancelReservation" => Status(Model.CancelReservation(Int(payload, "reservationId") ?? -1) ? "Accepted" : "Rejected"),
        "SetChargingProfile" => SetChargingProfile(payload),
        "ClearChargingProfile" => ClearChargingProfile(payload),
        "GetCompositeSchedule" => GetCompositeSchedule(payload),
        "TriggerMessage" => TriggerMessage(payload),
        "UpdateFirmware" => UpdateFirmware(payload),
        "GetDiagnostics" => GetDiagnostics(),
        _ => NotSupported(action),
    };

    // ---- Outgoing messages -------------------------------------------------------------

    // The timestamp is the time of the change, taken now: the payload itself is built only when the call is sent.
    private OutgoingCall StatusNotification(Connector connector, ConnectorStatus status, string errorCode)
    {
        var timestamp = Timestamp(Session.Now);
        return new("StatusNotification", () => Obj(
            ("connectorId", connector.Index),
            ("errorCode", errorCode),
            ("status", status.ToString()),
            ("timestamp", timestamp)));
    }

    private OutgoingCall StationStatus(ConnectorStatus status)
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

    private static IdTagInfo? IdTagInfoOf(JsonObject? info) =>
        info is null ? null : new IdTagInfo(ParseAuthorizationStatus(Str(info, "status")), Time(info, "expiryDate"), Str(info, "parentIdTag"));

    // ---- CSMS-initiated --------------------------------------------------------------------

    private CallReply GetConfiguration(JsonObject payload)
    {
        var requested = (payload["key"] as JsonArray)?.Select(k => k?.GetValue<string>()).OfType<string>().ToList();
        var keys = new JsonArray();
        var unknown = new JsonArray();
        IEnumerable<SettingDefinition> definitions;
        if (requested is { Count: > 0 })
        {
            var found = new List<SettingDefinition>();
            foreach (var key in requested)
            {
                var definition = SettingsCatalog.FindKey16(key);
                if (definition is null || definition.Mutability == Mutability.WriteOnly)
                {
                    unknown.Add(key);
                }
                else
                {
                    found.Add(definition);
                }
            }

            definitions = found;
        }
        else
        {
            definitions = SettingsCatalog.All.Where(d => d.ExistsIn16 && d.Mutability != Mutability.WriteOnly);
        }

        foreach (var definition in definitions.Take(Math.Max(1, Model.Settings.GetInt(SettingsCatalog.GetConfigurationMaxKeys))))
        {
            var value = definition.Live?.Invoke(Model) ?? Model.Settings.Get(definition.Name);
            keys.Add(Obj(("key", definition.Key16), ("readonly", definition.Mutability == Mutability.ReadOnly), ("value", Cap(value, 500))));
        }

        var result = Obj(("configurationKey", keys));
        if (unknown.Count > 0)
        {
            result["unknownKey"] = unknown;
        }

        return CallReply.Ok(result);
    }

    private CallReply ChangeConfiguration(JsonObject payload)
    {
        var key = Str(payload, "key") ?? string.Empty;
        var value = Str(payload, "value") ?? string.Empty;
        var definition = SettingsCatalog.FindKey16(key);
        if (definition is null)
        {
            return Status("NotSupported");
        }

        return Status(Model.Settings.TrySet(definition, value).ToString());
    }

    private static CallReply DataTransfer(JsonObject payload) =>
        Str(payload, "vendorId") == SimulatorVendorId
            ? CallReply.Ok(Obj(("status", "Accepted"), ("data", Str(payload, "data"))))
            : Status("UnknownVendorId");

    private CallReply RemoteStart(JsonObject payload)
    {
        var idTag = Str(payload, "idTag")!;
        var requested = Int(payload, "connectorId");
        if (Session.Registration != RegistrationStatus.Accepted)
        {
            return Status("Rejected");
        }

        var index = requested ?? Model.Connectors.FirstOrDefault(c => Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (index is null or <= 0 || Model.CannotStart(index.Value, idTag) is not null)
        {
            return Status("Rejected");
        }

        ChargingProfile? profile = null;
        if (payload["chargingProfile"] is JsonObject profileJson)
        {
            profile = ParseProfile(profileJson, index.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Status("Rejected");
            }
        }

        var connector = index.Value;
        Session.AfterReply(() => BeginSession(
            connector,
            idTag,
            "Central",
            askCsms: Model.Settings.GetBool(SettingsCatalog.AuthorizeRemoteTxRequests),
            automaticPlug: true,
            TxTrigger.RemoteStart,
            remoteStartId: null,
            started: profile is null ? null : () => Model.InstallProfile(profile with { TransactionId = null })));
        return Status("Accepted");
    }

    private CallReply RemoteStop(JsonObject payload)
    {
        var id = Int(payload, "transactionId");
        var connector = Model.Connectors.FirstOrDefault(c => c.Transaction is { } tx && tx.CsmsTransactionId == id);
        if (connector is null)
        {
            return Status("Rejected");
        }

        Session.AfterReply(() => Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return Status("Accepted");
    }

    private CallReply Reset(JsonObject payload)
    {
        if (Str(payload, "type") == "Hard")
        {
            // Hard: reboot at once; the ended transactions are reported after the new boot.
            Session.AfterReply(() => Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
            return Status("Accepted");
        }

        // Soft (1.6 §5.14): stop the transactions gracefully, send their StopTransaction.req, then reboot.
        Session.AfterReply(() =>
        {
            foreach (var connector in Model.Connectors.Where(c => c.Transaction is not null).ToList())
            {
                Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.SoftReset, TxTrigger.ResetCommand);
            }

            ResetWhenIdle = true;
        });
        return Status("Accepted");
    }

    private CallReply Unlock(JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        if (Model.Connector(index) is not { } connector)
        {
            return Status("NotSupported");
        }

        if (connector.Transaction is not null)
        {
            Model.StopTransaction(index, Domain.ChargePoint.StopReason.UnlockCommand, TxTrigger.UnlockCommand);
        }

        return Status("Unlocked");
    }

    private CallReply ChangeAvailability(JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        var operative = Str(payload, "type") == "Operative";
        if (index != 0 && Model.Connector(index) is null)
        {
            return Status("Rejected");
        }

        return Status(Model.ChangeAvailability(index, operative).ToString());
    }

    private CallReply SendLocalList(JsonObject payload)
    {
        if (!Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled))
        {
            return Status("NotSupported");
        }

        // More entries than one SendLocalList may carry (SendLocalListMaxLength) fail the update.
        if ((payload["localAuthorizationList"] as JsonArray)?.Count > Model.Settings.GetInt(SettingsCatalog.SendLocalListMaxLength))
        {
            return Status("Failed");
        }

        var version = Int(payload, "listVersion") ?? 0;
        var full = Str(payload, "updateType") == "Full";
        var entries = new List<(string, IdTagInfo?)>();
        foreach (var item in (payload["localAuthorizationList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            entries.Add((Str(item, "idTag") ?? string.Empty, IdTagInfoOf(item["idTagInfo"] as JsonObject)));
        }

        var outcome = Model.LocalList.Apply(version, full, entries, Model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength));
        return Status(outcome switch
        {
            UpdateOutcome.Accepted => "Accepted",
            UpdateOutcome.VersionMismatch => "VersionMismatch",
            _ => "Failed",
        });
    }

    private CallReply ReserveNow(JsonObject payload)
    {
        var outcome = Model.Reserve(
            Int(payload, "connectorId") ?? 0,
            Int(payload, "reservationId") ?? 0,
            Str(payload, "idTag") ?? string.Empty,
            Time(payload, "expiryDate") ?? Session.Now,
            Str(payload, "parentIdTag"));
        return Status(outcome.ToString());
    }

    private CallReply SetChargingProfile(JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        if (payload["csChargingProfiles"] is not JsonObject json || ParseProfile(json, index) is not { } profile)
        {
            return Status("Rejected");
        }

        return Status(Model.InstallProfile(profile) ? "Accepted" : "Rejected");
    }

    private CallReply ClearChargingProfile(JsonObject payload)
    {
        var removed = Model.ClearProfiles(
            Int(payload, "id"),
            Int(payload, "connectorId"),
            Str(payload, "chargingProfilePurpose") is { } purpose ? PurposeOf(purpose) : null,
            Int(payload, "stackLevel"));
        return Status(removed > 0 ? "Accepted" : "Unknown");
    }

    private CallReply GetCompositeSchedule(JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        var duration = Int(payload, "duration") ?? 0;
        if (index != 0 && Model.Connector(index) is null)
        {
            return Status("Rejected");
        }

        var unit = Str(payload, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W;
        var now = Session.Now;
        var txStart = Model.Connector(index)?.Transaction?.StartedAt;
        var steps = Model.Profiles.Composite(index, now, duration, txStart, Model.Spec.IsDc, Model.Spec.MaxPowerW);
        var periods = new JsonArray();
        foreach (var (offset, watts) in steps)
        {
            periods.Add(Obj(("startPeriod", offset), ("limit", Math.Round(ChargingProfile.FromWatts(watts, unit, Model.Spec.IsDc), 1))));
        }

        return CallReply.Ok(Obj(
            ("status", "Accepted"),
            ("connectorId", index),
            ("scheduleStart", Timestamp(now)),
            ("chargingSchedule", Obj(
                ("duration", duration),
                ("startSchedule", Timestamp(now)),
                ("chargingRateUnit", unit.ToString()),
                ("chargingSchedulePeriod", periods)))));
    }

    private CallReply TriggerMessage(JsonObject payload)
    {
        var requested = Str(payload, "requestedMessage");
        var index = Int(payload, "connectorId");
        if (index is not null and not 0 && Model.Connector(index.Value) is null)
        {
            return Status("Rejected");
        }

        Action? send = requested switch
        {
            "BootNotification" => () => Session.Enqueue(Requested(BootNotification("Triggered"))),
            "Heartbeat" => () => Session.Enqueue(Requested(Heartbeat())),
            "StatusNotification" => () =>
            {
                foreach (var call in index is null ? AllStatuses() : index == 0 ? [StationStatus(Model.StationStatus)] : [StatusNotification(Model.Connector(index.Value)!, Model.Connector(index.Value)!.Status, Model.Connector(index.Value)!.ErrorCode)])
                {
                    Session.Enqueue(Requested(call));
                }
            },
            "MeterValues" => () =>
            {
                foreach (var connector in index is null or 0 ? Model.Connectors : [Model.Connector(index.Value)!])
                {
                    Model.SampleNow(connector);
                }
            },
            "FirmwareStatusNotification" => () => Session.Enqueue(Requested(FirmwareStatusNotification(FirmwareStatus))),
            "DiagnosticsStatusNotification" => () => Session.Enqueue(Requested(DiagnosticsStatusNotification(_diagnosticsStatus))),
            _ => null,
        };
        if (send is null)
        {
            return Status("NotImplemented");
        }

        Session.AfterReply(send);
        return Status("Accepted");
    }

    private CallReply UpdateFirmware(JsonObject payload)
    {
        var location = Str(payload, "location") ?? string.Empty;
        var retrieve = Time(payload, "retrieveDate") ?? Session.Now;
        var delay = retrieve > Session.Now ? retrieve - Session.Now : TimeSpan.Zero;
        var valid = Uri.TryCreate(location, UriKind.Absolute, out _);
        var step = TimeSpan.FromSeconds(1);
        Session.Schedule(delay, () =>
        {
            SendFirmwareStatus("Downloading");
            Session.Schedule(step, () =>
            {
                if (!valid)
                {
                    SendFirmwareStatus("DownloadFailed");
                    return;
                }

                SendFirmwareStatus("Downloaded");
                Session.Schedule(step, () =>
                {
                    SendFirmwareStatus("Installing");
                    Session.Schedule(step, () =>
                    {
                        SendFirmwareStatus("Installed");
                        Session.Schedule(step, () => Session.Reboot(Domain.ChargePoint.StopReason.Reboot, "FirmwareUpdate"));
                    });
                });
            });
        });
        return CallReply.Ok(new JsonObject());
    }

    private void SendFirmwareStatus(string status)
    {
        FirmwareStatus = status;
        Session.Enqueue(FirmwareStatusNotification(status));
    }

    private static OutgoingCall FirmwareStatusNotification(string status) =>
        new("FirmwareStatusNotification", () => Obj(("status", status)));

    private static OutgoingCall DiagnosticsStatusNotification(string status) =>
        new("DiagnosticsStatusNotification", () => Obj(("status", status)));

    private CallReply GetDiagnostics()
    {
        var fileName = $"diagnostics-{Model.Spec.Identity}-{Session.Now:yyyyMMddHHmmss}.log";
        Session.Schedule(TimeSpan.FromSeconds(1), () =>
        {
            _diagnosticsStatus = "Uploading";
            Session.Enqueue(DiagnosticsStatusNotification("Uploading"));
            Session.Schedule(TimeSpan.FromSeconds(1), () =>
            {
                _diagnosticsStatus = "Uploaded";
                Session.Enqueue(DiagnosticsStatusNotification("Uploaded"));
            });
        });
        return CallReply.Ok(Obj(("fileName", fileName)));
    }

    // ---- Charging profiles ----------------------------------------------------------

    private static ProfilePurpose? PurposeOf(string purpose) => purpose switch
    {
        "ChargePointMaxProfile" => ProfilePurpose.StationMax,
        "TxDefaultProfile" => ProfilePurpose.TxDefault,
        "TxProfile" => ProfilePurpose.Tx,
        _ => null,
    };

    private static ChargingProfile? ParseProfile(JsonObject json, int evseId)
    {
        if (PurposeOf(Str(json, "chargingProfilePurpose") ?? string.Empty) is not { } purpose
            || json["chargingSchedule"] is not JsonObject schedule)
        {
            return null;
        }

        var periods = (schedule["chargingSchedulePeriod"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => new SchedulePeriod(Int(p, "startPeriod") ?? 0, Dbl(p, "limit") ?? 0, Int(p, "numberPhases")))
            .ToList();
        var kind = Str(json, "chargingProfileKind") switch
        {
            "Recurring" => ProfileKind.Recurring,
            "Relative" => ProfileKind.Relative,
            _ => ProfileKind.Absolute,
        };
        return new ChargingProfile(
            Int(json, "chargingProfileId") ?? 0,
            Int(json, "stackLevel") ?? 0,
            purpose,
            kind,
            new ChargingSchedule(
                Str(schedule, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W,
                periods,
                Int(schedule, "duration"),
                Time(schedule, "startSchedule"),
                Dbl(schedule, "minChargingRate")),
            evseId,
            Str(json, "recurrencyKind") == "Weekly" ? RecurrencyKind.Weekly : Str(json, "recurrencyKind") == "Daily" ? RecurrencyKind.Daily : null,
            Time(json, "validFrom"),
            Time(json, "validTo"),
            Int(json, "transactionId")?.ToString(CultureInfo.InvariantCulture));
    }
}
