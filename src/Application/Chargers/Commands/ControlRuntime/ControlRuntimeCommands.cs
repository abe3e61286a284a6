using System.Text.Json.Serialization;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Chargers.Commands.ControlRuntime;

[JsonConverter(typeof(JsonStringEnumConverter<RuntimeEventType>))]
public enum RuntimeEventType
{
    [JsonStringEnumMemberName("start_charger")]
    StartCharger,

    [JsonStringEnumMemberName("stop_charger")]
    StopCharger,

    [JsonStringEnumMemberName("restart_charger")]
    RestartCharger,
}

/// <summary>The 202 answer of start/stop/restart.</summary>
public sealed record RuntimeEventResponse(string Id, RuntimeEventType EventType, OcppVersionName OcppVersion, RuntimeEventPayload Payload);

/// <summary>Where the runtime runs and how many instances are desired (1 running, 0 stopped).</summary>
public sealed record RuntimeEventPayload(string Provider, string RuntimeKind, string ServiceName, int DesiredCount, string Status);

public sealed record StartChargerCommand(string ChargerId) : ICommand<RuntimeEventResponse>;

public sealed record StopChargerCommand(string ChargerId) : ICommand<RuntimeEventResponse>;

public sealed record RestartChargerCommand(string ChargerId) : ICommand<RuntimeEventResponse>;

/// <summary>
/// Sets the desired state durably, then acts on it. Start on a running charger and stop on a
/// stopped one are no-ops; all three need provisioning to be READY. On a standby gateway acting is
/// a no-op: the owner of the runtime reconciles with the stored state (and restart epoch) instead.
/// </summary>
public sealed class ControlRuntimeHandler(
    ITenantContext tenant,
    IChargerRepository chargers,
    IChargerRuntime runtime,
    IUnitOfWork unitOfWork,
    ChargerLocks locks,
    TimeProvider time) :
    ICommandHandler<StartChargerCommand, RuntimeEventResponse>,
    ICommandHandler<StopChargerCommand, RuntimeEventResponse>,
    ICommandHandler<RestartChargerCommand, RuntimeEventResponse>
{
    public ValueTask<RuntimeEventResponse> Handle(StartChargerCommand command, CancellationToken cancellationToken) =>
        ApplyAsync(command.ChargerId, RuntimeEventType.StartCharger, DesiredState.Running, runtime.StartAsync, cancellationToken);

    public ValueTask<RuntimeEventResponse> Handle(StopChargerCommand command, CancellationToken cancellationToken) =>
        ApplyAsync(command.ChargerId, RuntimeEventType.StopCharger, DesiredState.Stopped, runtime.StopAsync, cancellationToken);

    public ValueTask<RuntimeEventResponse> Handle(RestartChargerCommand command, CancellationToken cancellationToken) =>
        ApplyAsync(command.ChargerId, RuntimeEventType.RestartCharger, DesiredState.Running, runtime.RestartAsync, cancellationToken);

    private async ValueTask<RuntimeEventResponse> ApplyAsync(
        string chargerId,
        RuntimeEventType eventType,
        DesiredState desired,
        Func<string, CancellationToken, Task> act,
        CancellationToken cancellationToken)
    {
        // Read, write and act as one step per charger: otherwise concurrent calls can store one
        // desired state and act out another (a stop acting after a later start was stored), or skip
        // writing a state that a concurrent call changed after it was read.
        // The runtime's own start/stop/restart are serialised by the charger's grain; this lock keeps
        // the read-write-act step of this process's commands in order before they reach it.
        using var lease = await locks.AcquireAsync(chargerId, cancellationToken);
        return await ApplyLockedAsync(lease, eventType, desired, act, cancellationToken);
    }

    private async ValueTask<RuntimeEventResponse> ApplyLockedAsync(
        ChargerLocks.Lease lease,
        RuntimeEventType eventType,
        DesiredState desired,
        Func<string, CancellationToken, Task> act,
        CancellationToken cancellationToken)
    {
        var chargerId = lease.ChargerId;
        var charger = await chargers.GetAsync(tenant.OrganizationId, chargerId, cancellationToken)
            ?? throw new NotFoundException("charger", chargerId);
        if (charger.ProvisioningStatus != ProvisioningStatus.Ready)
        {
            throw new ConflictException($"Charger {chargerId} is {charger.ProvisioningStatus.ToName().ToString().ToUpperInvariant()}; its runtime can be controlled once provisioning is READY.");
        }

        charger.SetDesiredState(desired, time.UtcNowMs());
        if (eventType == RuntimeEventType.RestartCharger)
        {
            // Durable too: when another gateway runs the charger, it restarts it when it reconciles.
            charger.RequestRestart();
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);

        // The desired state is durable before we act: a crash now still ends in the right state.
        await act(charger.Id, CancellationToken.None);
        return new RuntimeEventResponse(
            charger.Id,
            eventType,
            charger.OcppVersion.ToName(),
            new RuntimeEventPayload("local", "in_process", charger.Id, desired == DesiredState.Running ? 1 : 0, "ACTIVE"));
    }
}
