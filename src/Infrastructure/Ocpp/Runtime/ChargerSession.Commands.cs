using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.Application.Simulator;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The simulator commands and the message proxy, executed on the session's actor.</summary>
public sealed partial class ChargerSession
{
    private const string DefaultIdTokenType = "ISO14443";

    /// <summary>Sends one CALL for the user and waits for the CSMS's answer (or the timeout).</summary>
    public async Task<ProxyOutcome> ProxyAsync(string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<ProxyOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        OutgoingCall? call = null;
        double Latency() => call?.SentAt is { } sentAt ? (Now - sentAt).TotalMilliseconds : Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var queued = await InvokeAsync(session =>
        {
            if (!session.IsConnected)
            {
                return false;
            }

            call = new OutgoingCall(action, () => payload, CallClass.Proxy)
            {
                Timeout = timeout,
                OnResult = result => answer.TrySetResult(new ProxyOutcome(true, false, result, null, null, null, Latency(), call?.MessageId)),
                OnFailure = failure => answer.TrySetResult(new ProxyOutcome(
                    failure.Kind != CallFailure.Dropped && failure.Kind != CallFailure.Disconnected,
                    failure.IsTimeout,
                    null,
                    failure.ErrorCode,
                    failure.Description,
                    failure.Details,
                    Latency(),
                    call?.MessageId)),
            };
            session.Enqueue(call);
            return true;
        });
        if (!queued)
        {
            return new ProxyOutcome(false, false, null, null, "The charger is not connected to its CSMS.", null, 0, null);
        }

        // The CALL may wait behind one in flight before its own timeout starts: bound the whole wait.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(timeout + _options.CallTimeout + TimeSpan.FromSeconds(5));
        await using (guard.Token.Register(() => answer.TrySetResult(new ProxyOutcome(true, true, null, null, "The CSMS did not answer in time.", null, Latency(), call?.MessageId))))
        {
            return await answer.Task;
        }
    }

    /// <summary>Executes a simulator command on the model; runs on the actor.</summary>
    public SimulatorOutcome Execute(SimulatorAction action)
    {
        if (!IsConnected)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.NotConnected, "The charger is not connected to its CSMS; start it (start-charger) and wait until runtime.state is connected.");
        }

        return action switch
        {
            SimulatorAction.Configure configure => Configure(configure),
            SimulatorAction.ResetCache => SimulatorOutcome.Ok(new JsonObject
            {
                ["msg"] = "Authorization cache cleared.",
                ["cleared_entries"] = Model.Cache.Clear(),
            }),
            SimulatorAction.SetLocalList list => SetLocalList(list),
            SimulatorAction.ClearLocalList => SimulatorOutcome.Ok(new JsonObject
            {
                ["msg"] = "Local authorization list cleared; its version is back to 0.",
                ["entries_deleted"] = Model.LocalList.Clear(),
            }),
            SimulatorAction.InjectFault fault => OnConnector(fault.Connector, c =>
            {
                var result = Model.InjectFault(c.Index, fault.FaultType);
                return Outcome(result, c, $"Fault {fault.FaultType} injected.", fault.FaultType);
            }),
            SimulatorAction.ClearFault clear => OnConnector(clear.Connector, c =>
            {
                var faultType = c.ErrorCode;
                return Outcome(Model.ClearFault(c.Index), c, "Fault cleared.", faultType);
            }),
            SimulatorAction.Plug plug => OnConnector(plug.Connector, c => Outcome(Model.PlugIn(c.Index), c, "Cable plugged in.")),
            SimulatorAction.Unplug unplug => OnConnector(unplug.Connector, c => Outcome(Model.Unplug(c.Index), c, "Cable unplugged.")),
            SimulatorAction.Unlock unlock => OnConnector(unlock.Connector, Unlock),
            SimulatorAction.Authorize authorize => SendAuthorize(authorize.IdTag),
            SimulatorAction.StartTransaction start => OnConnector(start.Connector, c => StartTransaction(c, start.IdTag)),
            SimulatorAction.StopTransaction stop => OnConnector(stop.Connector, c => StopTransaction(c, stop.Reason)),
            SimulatorAction.StartSession session => OnConnector(session.Connector, c => StartSession(c, session)),
            SimulatorAction.StopSession stop => OnConnector(stop.Connector, StopSession),
            SimulatorAction.EvRequestsEnergy energy => OnConnector(energy.Connector, c => Outcome(
                Model.SetEvRequestsEnergy(c.Index, energy.Requests), c, energy.Requests ? "The EV requests energy." : "The EV stopped drawing energy.")),
            SimulatorAction.PowerUpdate power => OnConnector(power.Connector, c =>
            {
                var outcome = Outcome(Model.SetPowerSetpoint(c.Index, power.PowerW), c, $"Charging power set to at most {power.PowerW.ToString(CultureInfo.InvariantCulture)} W.");
                outcome.Result?.Add("power_w", c.PowerW);
                return outcome;
            }),
            _ => SimulatorOutcome.Fail(SimulatorFailure.Invalid, $"Unknown command {action.GetType().Name}."),
        };
    }

    private SimulatorOutcome Configure(SimulatorAction.Configure configure)
    {
        var results = new JsonArray();
        var configured = 0;
        foreach (var (key, value) in configure.Settings)
        {
            var definition = Protocol.FindSetting(key);
            var status = definition is null ? SetStatus.NotSupported : Model.Settings.TrySet(definition, value);
            if (status is SetStatus.Accepted or SetStatus.RebootRequired)
            {
                configured++;
            }

            results.Add(new JsonObject { ["key"] = key, ["status"] = status.ToString() });
        }

        var overall = configured == configure.Settings.Count ? "Accepted" : configured == 0 ? "Rejected" : "PartiallyAccepted";
        return SimulatorOutcome.Ok(new JsonObject { ["status"] = overall, ["configured"] = configured, ["results"] = results });
    }

    private SimulatorOutcome SetLocalList(SimulatorAction.SetLocalList list)
    {
        if (list.Version <= Model.LocalList.Version)
        {
            return SimulatorOutcome.Fail(
                SimulatorFailure.Invalid,
                $"list_version must be greater than the charger's current version {Model.LocalList.Version}.",
                "list_version");
        }

        var entries = list.Entries
            .Select(e => (e.IdTag, (IdTagInfo?)new IdTagInfo(Enum.Parse<AuthorizationStatus>(e.Status), e.ExpiryDate)))
            .ToList();
        var outcome = Model.LocalList.Apply(list.Version, list.Full, entries, Model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength));
        if (outcome != UpdateOutcome.Accepted)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.Invalid, $"The charger refused the list ({outcome}): it holds at most {Model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength)} entries.", "entries");
        }

        return SimulatorOutcome.Ok(new JsonObject
        {
            ["status"] = "Accepted",
            ["list_version"] = Model.LocalList.Version,
            ["entries_received"] = list.Entries.Count,
        });
    }

    private SimulatorOutcome Unlock(Connector connector)
    {
        // A local unlock ends the transaction on that connector first; the cable can then be taken out.
        if (connector.Transaction is not null)
        {
            Model.StopTransaction(connector.Index, StopReason.UnlockCommand, TxTrigger.UnlockCommand);
        }

        return Outcome(ModelResult.Ok, connector, "Connector unlocked.");
    }

    private SimulatorOutcome SendAuthorize(string idTag)
    {
        Enqueue(Protocol.Authorize(idTag, DefaultIdTokenType, _ => { }));
        return SimulatorOutcome.Ok(new JsonObject { ["msg"] = "Authorize sent to the CSMS; its answer is in the charger's logs.", ["id_tag"] = idTag });
    }

    private SimulatorOutcome StartTransaction(Connector connector, string idTag)
    {
        if (Model.CannotStart(connector.Index, idTag) is { } problem)
        {
            return FromProblem(problem);
        }

        if (!connector.CablePlugged)
        {
            Model.PlugIn(connector.Index);
        }

        var result = Model.StartTransaction(connector.Index, idTag, DefaultIdTokenType, TxTrigger.Authorized);
        var outcome = Outcome(result, connector, "Transaction started.");
        outcome.Result?.Add("transaction_id", connector.Transaction?.Id);
        return outcome;
    }

    private SimulatorOutcome StopTransaction(Connector connector, string? reason)
    {
        var stopReason = StopReason.Local;
        if (reason is not null && !TryParseStopReason(reason, out stopReason))
        {
            return SimulatorOutcome.Fail(SimulatorFailure.Invalid, $"reason '{reason}' is not an OCPP stop reason.", "reason");
        }

        return Outcome(Model.StopTransaction(connector.Index, stopReason, stopReason == StopReason.Remote ? TxTrigger.RemoteStop : TxTrigger.StopAuthorized), connector, "Transaction stopped.");
    }

    private SimulatorOutcome StartSession(Connector connector, SimulatorAction.StartSession session)
    {
        if (Model.CannotStart(connector.Index, session.IdTag) is { } problem)
        {
            return FromProblem(problem);
        }

        if (!connector.CablePlugged)
        {
            Model.PlugIn(connector.Index, automatic: true);
        }

        var index = connector.Index;
        Protocol.BeginSession(
            index,
            session.IdTag,
            DefaultIdTokenType,
            askCsms: true,
            automaticPlug: true,
            TxTrigger.Authorized,
            remoteStartId: null,
            done: (started, _) =>
            {
                // Refused: the simulated driver gives up and takes the cable back.
                if (!started && Model.Connector(index) is { AutoPlugged: true, Transaction: null, CablePlugged: true })
                {
                    Model.Unplug(index);
                }
            },
            started: () => Model.SetTarget(
                index,
                session.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                session.TargetEnergyKwh is { } kwh ? kwh * 1000 : null));
        var outcome = Outcome(ModelResult.Ok, connector, "Session started: the car is plugged in; authorization and the transaction follow.");
        return outcome;
    }

    private SimulatorOutcome StopSession(Connector connector)
    {
        if (connector.Transaction is null && !connector.CablePlugged)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.Conflict, $"connector {connector.Index} has no session (no transaction, no cable).");
        }

        if (connector.Transaction is not null)
        {
            Model.StopTransaction(connector.Index, StopReason.Local, TxTrigger.StopAuthorized);
        }

        // An automatically plugged car leaves once the stop is confirmed; a manually plugged one now.
        if (!connector.AutoPlugged && connector.CablePlugged)
        {
            Model.Unplug(connector.Index);
        }

        return Outcome(ModelResult.Ok, connector, "Session stopped.");
    }

    private SimulatorOutcome OnConnector(ConnectorRef reference, Func<Connector, SimulatorOutcome> act)
    {
        var lookup = Protocol.FindConnector(reference.EvseId, reference.ConnectorId);
        return lookup.Connector is { } connector
            ? act(connector)
            : SimulatorOutcome.Fail(SimulatorFailure.UnknownConnector, lookup.Problem!, lookup.Field);
    }

    private SimulatorOutcome Outcome(ModelResult result, Connector connector, string message, string? faultType = null)
    {
        if (result.Problem is { } problem)
        {
            return FromProblem(problem);
        }

        var json = new JsonObject
        {
            ["msg"] = message,
            ["evse_id"] = connector.EvseId,
            ["connector_id"] = Protocol.ReportedConnectorId(connector),
            ["status"] = Protocol.StatusName(connector.Status),
        };
        if (faultType is not null)
        {
            json["fault_type"] = faultType;
        }

        return SimulatorOutcome.Ok(json);
    }

    private static SimulatorOutcome FromProblem(ModelProblem problem) =>
        SimulatorOutcome.Fail(problem.Kind == ProblemKind.UnknownConnector ? SimulatorFailure.UnknownConnector : SimulatorFailure.Conflict, problem.Message);

    /// <summary>Accepts 1.6 (HardReset, UnlockConnector …) and 2.0.1 (ImmediateReset, SOCLimitReached …) spellings.</summary>
    public static bool TryParseStopReason(string text, out StopReason reason)
    {
        reason = text switch
        {
            "UnlockConnector" => StopReason.UnlockCommand,
            "ImmediateReset" => StopReason.HardReset,
            "SOCLimitReached" => StopReason.SocLimitReached,
            _ => Enum.TryParse<StopReason>(text, ignoreCase: true, out var parsed) ? parsed : (StopReason)(-1),
        };
        return Enum.IsDefined(reason);
    }
}
