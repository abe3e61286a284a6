namespace OcppLab.Application.Abstractions;

/// <summary>
/// The OCPP runtime of chargers (implemented by the Infrastructure's session manager): starts,
/// stops and restarts a charger's session and reports its live state.
/// </summary>
public interface IChargerRuntime
{
    /// <summary>
    /// False on a standby gateway: another gateway owns the database's charger runtime. Then no
    /// charger has a session here, start/stop/restart only change what the owner reconciles with,
    /// and the live state is not known here.
    /// </summary>
    bool RunsChargers { get; }

    /// <summary>The live state, or null when the charger has no session in this process.</summary>
    RuntimeState? GetState(string chargerId);

    /// <summary>
    /// Starts the session if it is not running; a running one is left alone. Runs under the
    /// charger's lock (<see cref="ChargerLocks"/>), unless <paramref name="held"/> already holds it.
    /// </summary>
    Task StartAsync(string chargerId, CancellationToken cancellationToken, ChargerLocks.Lease? held = null);

    /// <summary>Closes the session cleanly (after any in-flight CALL) if it is running.</summary>
    Task StopAsync(string chargerId, CancellationToken cancellationToken, ChargerLocks.Lease? held = null);

    /// <summary>Stop then start, as a reboot: a new BootNotification follows.</summary>
    Task RestartAsync(string chargerId, CancellationToken cancellationToken, ChargerLocks.Lease? held = null);
}
