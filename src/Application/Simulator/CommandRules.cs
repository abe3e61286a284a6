using FluentValidation;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;

namespace OcppLab.Application.Simulator;

/// <summary>Validation of command targets and of each command's event fields.</summary>
public static class CommandRules
{
    public const int MaxIdTagLength = 36;
    public const int MaxTargets = 1000;

    public static void SingleTarget<T>(AbstractValidator<T> validator, Func<T, CommandTarget?> target)
    {
        validator.RuleFor(c => target(c)).NotNull().WithMessage("target is required: {\"charger_id\": \"dep-…\"}.").OverridePropertyName("target");
        validator.RuleFor(c => target(c)!.ChargerId).NotEmpty().When(c => target(c) is not null)
            .WithMessage("target.charger_id is required: this command acts on one charger.").OverridePropertyName("target.charger_id");
        validator.RuleFor(c => target(c)).Must(t => t is null || (t.LocationId is null && t.ChargerIds is null))
            .WithMessage("this command takes a single charger: give target.charger_id only.").OverridePropertyName("target");
    }

    public static void UnifiedTarget<T>(AbstractValidator<T> validator, Func<T, CommandTarget?> target)
    {
        validator.RuleFor(c => target(c)).NotNull().WithMessage("target is required: charger_id, or location_id with optional charger_ids.").OverridePropertyName("target");
        validator.RuleFor(c => target(c)).Must(t => t is null || (string.IsNullOrEmpty(t.ChargerId) != (t.LocationId is null)))
            .WithMessage("give exactly one of target.charger_id and target.location_id.").OverridePropertyName("target");
        validator.RuleFor(c => target(c)).Must(t => t is null || t.ChargerIds is null || t.LocationId is not null)
            .WithMessage("target.charger_ids is only allowed with target.location_id.").OverridePropertyName("target.charger_ids");
        validator.RuleFor(c => target(c)).Must(t => t?.ChargerIds is null || (t.ChargerIds.Count is > 0 and <= MaxTargets && t.ChargerIds.All(id => !string.IsNullOrWhiteSpace(id))))
            .WithMessage($"target.charger_ids must list 1–{MaxTargets} charger ids.").OverridePropertyName("target.charger_ids");
    }

    public static void Event<T>(AbstractValidator<T> validator, Func<T, CommandKind> kind, Func<T, CommandEvent?> evt)
    {
        validator.RuleFor(c => evt(c)).NotNull().When(c => NeedsEvent(kind(c))).WithMessage("event is required.").OverridePropertyName("event");
        validator.RuleFor(c => evt(c)).Custom((e, context) =>
        {
            if (e is null)
            {
                return;
            }

            foreach (var (field, message) in Problems(kind(context.InstanceToValidate), e))
            {
                context.AddFailure("event." + field, message);
            }
        });
    }

    private static bool NeedsEvent(CommandKind kind) => kind is not (CommandKind.CacheReset or CommandKind.ClearLocalAuthList
        or CommandKind.PlugConnector or CommandKind.UnplugConnector or CommandKind.UnlockConnector or CommandKind.ClearFault
        or CommandKind.StopSession or CommandKind.EvRequestsEnergy or CommandKind.EvStopsEnergy);

    public static IEnumerable<(string Field, string Message)> Problems(CommandKind kind, CommandEvent e)
    {
        if (e.EvseId is < 0)
        {
            yield return ("evse_id", "evse_id must be 1 or more.");
        }

        if (e.ConnectorId is < 0)
        {
            yield return ("connector_id", "connector_id must be 1 or more.");
        }

        switch (kind)
        {
            case CommandKind.Configuration:
                if (e.Configuration is null || e.Configuration.Count == 0)
                {
                    yield return ("configuration", "configuration must list at least one {key, value}.");
                }
                else
                {
                    for (var i = 0; i < e.Configuration.Count; i++)
                    {
                        if (string.IsNullOrWhiteSpace(e.Configuration[i].Key))
                        {
                            yield return ($"configuration[{i}].key", "key is required.");
                        }

                        if (e.Configuration[i].Value is null)
                        {
                            yield return ($"configuration[{i}].value", "value is required (a string).");
                        }
                    }
                }

                break;
            case CommandKind.LocalAuthList:
                if (e.ListVersion is null or < 1)
                {
                    yield return ("list_version", "list_version is required and must be 1 or more.");
                }

                if (e.UpdateType is not ("Full" or "Differential"))
                {
                    yield return ("update_type", "update_type must be Full or Differential.");
                }

                for (var i = 0; i < (e.Entries?.Count ?? 0); i++)
                {
                    var entry = e.Entries![i];
                    if (string.IsNullOrWhiteSpace(entry.IdTag) || entry.IdTag.Length > MaxIdTagLength)
                    {
                        yield return ($"entries[{i}].id_tag", $"id_tag is required (1–{MaxIdTagLength} characters).");
                    }

                    if (!Enum.TryParse<AuthorizationStatus>(entry.Status ?? string.Empty, ignoreCase: false, out _))
                    {
                        yield return ($"entries[{i}].status", $"status must be one of {string.Join(", ", Enum.GetNames<AuthorizationStatus>())}.");
                    }
                }

                break;
            case CommandKind.InjectFault:
                if (!ErrorCodes.IsFault(e.FaultType))
                {
                    yield return ("fault_type", $"fault_type must be an OCPP error code: {string.Join(", ", ErrorCodes.Faults.Order(StringComparer.Ordinal))}.");
                }

                break;
            case CommandKind.AuthorizeIdTag:
            case CommandKind.StartTransaction:
            case CommandKind.StartSession:
                if (string.IsNullOrWhiteSpace(e.IdTag) || e.IdTag.Length > MaxIdTagLength)
                {
                    yield return ("id_tag", $"id_tag is required (1–{MaxIdTagLength} characters; 20 for OCPP 1.6).");
                }

                if (kind == CommandKind.StartSession)
                {
                    if (e.DurationSeconds is { } seconds && (seconds < 1 || seconds > 7 * 24 * 3600))
                    {
                        yield return ("duration_seconds", "duration_seconds must be between 1 and 604800 (a week).");
                    }

                    if (e.TargetEnergyKwh is { } kwh && (kwh <= 0 || kwh > 1000))
                    {
                        yield return ("target_energy_kwh", "target_energy_kwh must be above 0 and at most 1000.");
                    }
                }

                break;
            case CommandKind.StopTransaction:
                if (e.Reason is not null && !Enum.TryParse<StopReason>(e.Reason, ignoreCase: true, out _)
                    && e.Reason is not ("UnlockConnector" or "ImmediateReset" or "SOCLimitReached"))
                {
                    yield return ("reason", "reason must be an OCPP stop reason such as Local, Remote, EVDisconnected, DeAuthorized, EmergencyStop, PowerLoss, Reboot, HardReset, SoftReset, UnlockConnector, Other.");
                }

                break;
            case CommandKind.PowerUpdate:
                if (e.PowerW is null or < 0 or > 1_000_000)
                {
                    yield return ("power_w", "power_w is required: a power in W between 0 and 1,000,000.");
                }

                break;
        }
    }
}
