using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// One OCPP version's behaviour of the charge point: how model events become CALLs, how CSMS
/// CALLs are answered, and the flows both versions share (authorize → plug → start). Runs on the
/// session's single logical thread, so it may touch the model freely.
/// </summary>
public abstract class OcppProtocol(ISessionServices session)
{
    public const string SimulatorVendorId = "OcppLab";

    protected ISessionServices Session { get; } = session;
    protected ChargePoint Model => Session.Model;

    public abstract OcppVersion Version { get; }

    /// <summary>Firmware status as the last FirmwareStatusNotification said (for TriggerMessage).</summary>
    protected string FirmwareStatus { get; set; } = "Idle";

    protected int? FirmwareRequestId { get; set; }

    /// <summary>
    /// A graceful reset (1.6 Soft, 2.0.1 OnIdle) is waiting for the running transactions to end
    /// and for the messages that report their end to be delivered.
    /// </summary>
    protected bool ResetWhenIdle { get; set; }

    public abstract OutgoingCall BootNotification(string reason);

    public abstract OutgoingCall Heartbeat();

    /// <summary>The CALLs a model event produces.</summary>
    public abstract IEnumerable<OutgoingCall> Translate(ChargePointEvent chargePointEvent);

    /// <summary>The StatusNotifications of every connector (after a boot or a reconnect).</summary>
    public abstract IEnumerable<OutgoingCall> AllStatuses();

    /// <summary>Answers a CSMS CALL whose payload already passed schema validation.</summary>
    public abstract CallReply Handle(string action, JsonObject payload);

    /// <summary>Whether this charge point implements the CSMS-initiated action (else a known action is NotSupported).</summary>
    public abstract bool Handles(string action);

    /// <summary>An Authorize CALL; <paramref name="decided"/> gets the CSMS's answer (null: no answer).</summary>
    public abstract OutgoingCall Authorize(string idTag, string idTokenType, Action<IdTagInfo?> decided);

    /// <summary>Called after every handled work item: a graceful reset may now proceed.</summary>
    public void CheckScheduledReset()
    {
        // The StopTransaction / TransactionEvent Ended go out before the reboot, not after it
        // (1.6 §5.14: a soft reset stops transactions gracefully, sending StopTransaction.req).
        if (ResetWhenIdle && Model.Connectors.All(c => c.Transaction is null) && !Session.HasQueuedTransactionMessages(null))
        {
            ResetWhenIdle = false;
            Session.Reboot(StopReason.SoftReset, "RemoteReset");
        }
    }

    // ---- Shared flows ----------------------------------------------------------------

    /// <summary>
    /// A whole session on a connector: authorize (locally, or with the CSMS when
    /// <paramref name="askCsms"/>), then plug the car in if needed and start the transaction.
    /// <paramref name="done"/> reports whether the transaction started.
    /// </summary>
    public void BeginSession(
        int connectorIndex,
        string idTag,
        string idTokenType,
        bool askCsms,
        bool automaticPlug,
        TxTrigger trigger,
        int? remoteStartId,
        Action<bool, string?>? done = null,
        Action? started = null)
    {
        void Continue(bool accepted, string? why)
        {
            if (!accepted)
            {
                done?.Invoke(false, why ?? "the id tag was not accepted");
                return;
            }

            var connector = Model.Connector(connectorIndex);
            if (Model.CannotStart(connectorIndex, idTag) is { } problem || connector is null)
            {
                done?.Invoke(false, Model.CannotStart(connectorIndex, idTag)?.Message ?? "unknown connector");
                return;
            }

            if (!connector.CablePlugged)
            {
                if (!automaticPlug)
                {
                    // Authorized first: the transaction starts when the cable comes.
                    Model.AuthorizeBeforePlugIn(connectorIndex, idTag, idTokenType, remoteStartId, connector.Reservation?.Id, trigger == TxTrigger.RemoteStart);
                    done?.Invoke(true, null);
                    return;
                }

                Model.AuthorizeBeforePlugIn(connectorIndex, idTag, idTokenType, remoteStartId, connector.Reservation?.Id, trigger == TxTrigger.RemoteStart);
                Model.PlugIn(connectorIndex, automatic: true);
            }
            else
            {
                Model.StartTransaction(connectorIndex, idTag, idTokenType, trigger, remoteStartId);
            }

            var ok = Model.Connector(connectorIndex)?.Transaction is not null;
            if (ok)
            {
                started?.Invoke();
            }

            done?.Invoke(ok, ok ? null : "the transaction did not start");
        }

        if (!askCsms)
        {
            Continue(true, null);
            return;
        }

        var local = Model.LocalAuthorization(idTag);
        if (local is not null && local.IsValidAt(Session.Now) && Model.Settings.GetBool(Domain.ChargePoint.Settings.SettingsCatalog.LocalPreAuthorize))
        {
            Continue(true, null);
            return;
        }

        Session.Enqueue(Authorize(idTag, idTokenType, info =>
        {
            if (info is not null)
            {
                Continue(info.Status == AuthorizationStatus.Accepted, $"the CSMS answered {info.Status}");
                return;
            }

            // No answer from the CSMS: the offline rules decide. AllowOfflineTxForUnknownId is for *unknown* tags
            // only: one the local list or cache knows as blocked, expired or invalid never starts offline.
            var localOffline = Model.Settings.GetBool(Domain.ChargePoint.Settings.SettingsCatalog.LocalAuthorizeOffline);
            var unknownOffline = Model.Settings.GetBool(Domain.ChargePoint.Settings.SettingsCatalog.AllowOfflineTxForUnknownId);
            var offlineOk = local is null || !localOffline
                ? unknownOffline
                : local.IsValidAt(Session.Now);
            Continue(offlineOk, "the CSMS did not answer the Authorize request");
        }));
    }

    /// <summary>A transaction's start answer carried the tag's status; a refused tag stops it (or suspends it).</summary>
    protected void TransactionAuthorization(Connector connector, Transaction transaction, IdTagInfo? info)
    {
        if (info is null)
        {
            return;
        }

        Model.RememberAuthorization(transaction.IdTag, info);
        if (info.Status != AuthorizationStatus.Accepted && connector.Transaction == transaction)
        {
            Model.Deauthorize(connector);
        }
    }

    /// <summary>Automatic sessions end with the simulated driver unplugging after the transaction is stopped.</summary>
    protected void UnplugIfAutomatic(Connector connector)
    {
        if (connector.AutoPlugged && connector.Transaction is null && connector.CablePlugged)
        {
            Model.Unplug(connector.Index);
        }
    }

    /// <summary>The same message, sent as one the CSMS asked for (allowed while registration is Pending).</summary>
    protected static OutgoingCall Requested(OutgoingCall call) =>
        new(call.Action, () => call.Payload, CallClass.Requested) { OnResult = call.OnResult, OnFailure = call.OnFailure };

    /// <summary>ClearCache: empties the authorization cache.</summary>
    protected string ClearCache()
    {
        Model.Cache.Clear();
        return "Accepted";
    }

    // ---- JSON helpers --------------------------------------------------------------------

    /// <summary>A text cut to the schema's maximum length (vendor and model names from the catalog can be long).</summary>
    protected static string Cap(string value, int length) => value.Length <= length ? value : value[..length];

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    protected static string? Str(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    protected static int? Int(JsonObject payload, string name) =>
        payload[name] is JsonValue value
            ? value.TryGetValue<int>(out var number) ? number
            : value.TryGetValue<long>(out var big) ? (int)Math.Clamp(big, int.MinValue, int.MaxValue)
            : value.TryGetValue<double>(out var d) ? (int)d
            : null
            : null;

    protected static double? Dbl(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    protected static bool? Bool(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    protected static DateTimeOffset? Time(JsonObject payload, string name) =>
        Str(payload, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    protected static JsonObject Obj(params (string Name, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    protected static CallReply Status(string status) => CallReply.Ok(Obj(("status", status)));

    protected static CallReply NotSupported(string action) =>
        CallReply.Error(OcppErrorCodes.NotSupported, $"{action} is not supported by this charge point.");

    /// <summary>1.6 sends meter values as strings; 2.0.1 as numbers.</summary>
    protected static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    protected static AuthorizationStatus ParseAuthorizationStatus(string? status) =>
        Enum.TryParse<AuthorizationStatus>(status, ignoreCase: false, out var parsed) ? parsed : AuthorizationStatus.Invalid;
}
