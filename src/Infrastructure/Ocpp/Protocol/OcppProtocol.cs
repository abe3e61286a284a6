using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// One OCPP version's behaviour of the charge point: how model events become CALLs, how CSMS
/// CALLs are answered, and the flows both versions share (authorize → plug → start). Runs on the
/// session's single logical thread, so it may touch the model freely.
/// </summary>
public abstract class OcppProtocol(ISessionServices session)
{
    public const string SimulatorVendorId = "OcppLab";

    protected internal ISessionServices Session { get; } = session;
    protected internal ChargePoint Model => Session.Model;

    public abstract OcppVersion Version { get; }

    /// <summary>Firmware status as the last FirmwareStatusNotification said (for TriggerMessage).</summary>
    protected internal string FirmwareStatus { get; set; } = "Idle";

    protected internal int? FirmwareRequestId { get; set; }

    /// <summary>
    /// A reset (1.6 Soft, 2.0.1 OnIdle or Immediate with transactions) waiting for the running
    /// transactions to end and for the messages that report their end to be delivered; null when none.
    /// </summary>
    protected internal PendingReset? ResetWhenIdle { get; set; }

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

    // ---- What the session asks of the version (it knows none itself) -----------------------

    /// <summary>
    /// Whether a CSMS CALL gets an answer while the BootNotification is Rejected: 1.6 answers
    /// nothing at all; 2.0.1 answers SecurityError (B03.FR.08, in <see cref="Handle"/>).
    /// </summary>
    public abstract bool AnswersWhileRejected { get; }

    /// <summary>A connector status as this version names it (2.0.1 has Occupied for 1.6's Preparing … Finishing).</summary>
    public abstract string StatusName(ConnectorStatus status);

    /// <summary>The connector id this version reports for a connector (1.6: its index; 2.0.1: 1 within its EVSE).</summary>
    public abstract int ReportedConnectorId(Connector connector);

    /// <summary>The transaction id the CSMS knows, as this version writes it; null while it has none.</summary>
    public abstract string? ReportedTransactionId(Transaction transaction);

    /// <summary>A setting named by a simulator command: a 1.6 key, or (2.0.1) also <c>Component.Variable[.Instance]</c>.</summary>
    public abstract SettingDefinition? FindSetting(string key);

    /// <summary>
    /// The connector a simulator command addresses: 1.6 numbers connectors; 2.0.1 addresses an EVSE
    /// and its connector, or counts outlets without an EVSE. A miss names the field at fault.
    /// </summary>
    public abstract ConnectorLookup FindConnector(int? evseId, int? connectorId);

    /// <summary>The CALLERROR a malformed frame gets, or null when this version ignores it.</summary>
    public abstract (string MessageId, string ErrorCode, string Description)? MalformedReply(OcppFrame frame);

    /// <summary>Called after every handled work item: a graceful reset may now proceed.</summary>
    public void CheckScheduledReset()
    {
        // The StopTransaction / TransactionEvent Ended go out before the reboot, not after it
        // (1.6 §5.14: a soft reset stops transactions gracefully, sending StopTransaction.req).
        if (ResetWhenIdle is not { } reset || Model.Connectors.Any(c => c.Transaction is not null))
        {
            return;
        }

        // An immediate reset does not wait for a connection: offline, the ended transactions are
        // reported after the boot (they stay queued), as after a hard reset.
        if (Session.HasQueuedTransactionMessages(null) && !(reset.Immediate && !Session.Online))
        {
            return;
        }

        ResetWhenIdle = null;
        Session.Reboot(StopReason.SoftReset, reset.BootReason);
    }

    // ---- Shared flows ----------------------------------------------------------------

    /// <summary>
    /// A whole session on a connector (the Domain's <see cref="ChargingFlow"/>; this supplies the Authorize CALL): authorize (locally, or with the CSMS when
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
        ChargingFlow.Begin(
            Model,
            () => Session.Now,
            connectorIndex,
            idTag,
            idTokenType,
            askCsms ? decided => Session.Enqueue(Authorize(idTag, idTokenType, decided)) : null,
            automaticPlug,
            trigger,
            remoteStartId,
            done,
            started);
    }

    /// <summary>
    /// A remote start the charge point accepted (1.6 RemoteStartTransaction, 2.0.1
    /// RequestStartTransaction): after the answer, authorize if AuthorizeRemoteTxRequests, plug and
    /// start; a TxProfile sent with the request is installed for the new transaction.
    /// </summary>
    protected internal void StartRemotely(int connectorIndex, string idTag, string idTokenType, int? remoteStartId, Domain.ChargePoint.SmartCharging.ChargingProfile? profile) =>
        Session.AfterReply(() => BeginSession(
            connectorIndex,
            idTag,
            idTokenType,
            askCsms: Model.Settings.GetBool(Domain.ChargePoint.Settings.SettingsCatalog.AuthorizeRemoteTxRequests),
            automaticPlug: true,
            TxTrigger.RemoteStart,
            remoteStartId,
            started: profile is null ? null : () => Model.InstallProfile(profile with { TransactionId = null })));

    /// <summary>A transaction's start answer carried the tag's status; a refused tag stops it (or suspends it).</summary>
    protected internal void TransactionAuthorization(Connector connector, Transaction transaction, IdTagInfo? info)
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

    /// <summary>
    /// A transaction message stored with the live state and sent again after a restart (ADR 10) was
    /// answered: the answer does what the answer to the original would have done (a start's id and
    /// tag status). <paramref name="related"/> are the payloads of the same transaction's other
    /// restored messages, not all sent yet, which a start's answer may complete.
    /// </summary>
    public abstract void RestoredAnswered(string action, JsonObject payload, Connector? connector, Transaction? transaction, JsonObject result, IEnumerable<JsonObject> related);

    /// <summary>The same restored message was given up or dropped.</summary>
    public virtual void RestoredFailed(string action, Transaction? transaction)
    {
    }

    /// <summary>Whether a transaction message reports its transaction's end (1.6 StopTransaction, 2.0.1 TransactionEvent Ended).</summary>
    public abstract bool EndsTransaction(string action, JsonObject payload);

    /// <summary>Automatic sessions end with the simulated driver unplugging after the transaction is stopped.</summary>
    protected internal void UnplugIfAutomatic(Connector connector)
    {
        if (connector.AutoPlugged && connector.Transaction is null && connector.CablePlugged)
        {
            Model.Unplug(connector.Index);
        }
    }

    /// <summary>
    /// BootNotification's answer, read alike by both versions (status, interval, currentTime; 1.6 §4.2, 2.0.1 B01).
    /// The CSMS's answer is not schema-checked, so anything but Accepted or Pending counts as Rejected.
    /// </summary>
    protected void BootAnswered(string? status, int? interval, DateTimeOffset? currentTime) => Session.BootAnswered(
        status switch
        {
            "Accepted" => RegistrationStatus.Accepted,
            "Pending" => RegistrationStatus.Pending,
            _ => RegistrationStatus.Rejected,
        },
        interval ?? 0,
        currentTime);

    /// <summary>
    /// An Authorize CALL as both versions send it (1.6 §4.1, 2.0.1 C01): the CSMS's answer, read into
    /// <typeparamref name="TResponse"/> and by <paramref name="info"/>, is remembered for the tag and decides;
    /// no answer decides null.
    /// </summary>
    protected OutgoingCall AuthorizeCall<TResponse>(CallPayload payload, string idTag, JsonTypeInfo<TResponse> answer, Func<TResponse, IdTagInfo?> info, Action<IdTagInfo?> decided) =>
        new("Authorize", payload)
        {
            OnResult = Reading(answer, response =>
            {
                var tagInfo = info(response);
                if (tagInfo is not null)
                {
                    Model.RememberAuthorization(idTag, tagInfo);
                }

                decided(tagInfo);
            }),
            OnFailure = _ => decided(null),
        };

    /// <summary>The same message, sent as one the CSMS asked for (allowed while registration is Pending).</summary>
    protected internal static OutgoingCall Requested(OutgoingCall call) => call.As(CallClass.Requested);

    /// <summary>ClearCache (1.6 §5.4, 2.0.1 C11): empties the authorization cache; Rejected when the cache is disabled.</summary>
    protected internal string ClearCache()
    {
        if (!Model.Settings.GetBool(Domain.ChargePoint.Settings.SettingsCatalog.AuthorizationCacheEnabled))
        {
            return "Rejected";
        }

        Model.Cache.Clear();
        return "Accepted";
    }
}

/// <summary>A reset waiting for idle: the reason its BootNotification names (2.0.1), and whether the CSMS asked for it to be immediate.</summary>
public sealed record PendingReset(string BootReason, bool Immediate);
