using OcppLab.Application.Abstractions;

namespace OcppLab.Infrastructure.Runtime;

/// <summary>
/// Before the OCPP session manager exists no charger has a live session: every charger reports
/// the stopped state and start/stop have nothing to act on.
/// </summary>
internal sealed class NoRuntime : IChargerRuntime
{
    public RuntimeState? GetState(string chargerId) => null;

    public Task StartAsync(string chargerId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(string chargerId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartAsync(string chargerId, CancellationToken cancellationToken) => Task.CompletedTask;
}
