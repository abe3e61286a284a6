using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;

namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// Charging behaviour both OCPP versions share: a whole session on a connector, authorize (locally,
/// or with the CSMS through <c>authorizeWithCsms</c>, which gets the CSMS's answer or null when there
/// was none) → plug the car in if needed → start the transaction. Pure: the protocol supplies the
/// Authorize CALL and the clock.
/// </summary>
public static class ChargingFlow
{
    /// <summary>
    /// Runs the flow on <paramref name="model"/>. Without <paramref name="authorizeWithCsms"/> the tag
    /// is taken as authorized. <paramref name="done"/> reports whether the transaction started (or,
    /// without <paramref name="automaticPlug"/>, was authorized to start when the cable comes).
    /// </summary>
    public static void Begin(
        ChargePoint model,
        Func<DateTimeOffset> now,
        int connectorIndex,
        string idTag,
        string idTokenType,
        Action<Action<IdTagInfo?>>? authorizeWithCsms,
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

            var connector = model.Connector(connectorIndex);
            if (model.CannotStart(connectorIndex, idTag) is { } problem || connector is null)
            {
                done?.Invoke(false, model.CannotStart(connectorIndex, idTag)?.Message ?? "unknown connector");
                return;
            }

            if (!connector.CablePlugged)
            {
                if (!automaticPlug)
                {
                    // Authorized first: the transaction starts when the cable comes.
                    model.AuthorizeBeforePlugIn(connectorIndex, idTag, idTokenType, remoteStartId, connector.Reservation?.Id, trigger == TxTrigger.RemoteStart);
                    done?.Invoke(true, null);
                    return;
                }

                model.AuthorizeBeforePlugIn(connectorIndex, idTag, idTokenType, remoteStartId, connector.Reservation?.Id, trigger == TxTrigger.RemoteStart);
                model.PlugIn(connectorIndex, automatic: true);
            }
            else
            {
                model.StartTransaction(connectorIndex, idTag, idTokenType, trigger, remoteStartId);
            }

            var ok = model.Connector(connectorIndex)?.Transaction is not null;
            if (ok)
            {
                started?.Invoke();
            }

            done?.Invoke(ok, ok ? null : "the transaction did not start");
        }

        if (authorizeWithCsms is null)
        {
            Continue(true, null);
            return;
        }

        var local = model.LocalAuthorization(idTag);
        if (local is not null && local.IsValidAt(now()) && model.Settings.GetBool(SettingsCatalog.LocalPreAuthorize))
        {
            Continue(true, null);
            return;
        }

        authorizeWithCsms(info =>
        {
            if (info is not null)
            {
                Continue(info.Status == AuthorizationStatus.Accepted, $"the CSMS answered {info.Status}");
                return;
            }

            // No answer from the CSMS: the offline rules decide. AllowOfflineTxForUnknownId is for *unknown* tags
            // only: one the local list or cache knows as blocked, expired or invalid never starts offline.
            var localOffline = model.Settings.GetBool(SettingsCatalog.LocalAuthorizeOffline);
            var unknownOffline = model.Settings.GetBool(SettingsCatalog.AllowOfflineTxForUnknownId);
            var offlineOk = local is null || !localOffline
                ? unknownOffline
                : local.IsValidAt(now());
            Continue(offlineOk, "the CSMS did not answer the Authorize request");
        });
    }
}
