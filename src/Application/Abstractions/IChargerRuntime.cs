namespace OcppLab.Application.Abstractions;

/// <summary>
/// The OCPP runtime of chargers (implemented by the Infrastructure's session manager): starts,
/// stops and restarts a charger's session and reports its live state. Each call reaches the
/// charger's session wherever it runs in the cluster; per charger, start, stop and restart never
/// overlap and run in the order they arrive.
/// </summary>
public interface IChargerRuntime
{
    /// <summary>
    /// False on a standby gateway: another gateway owns the database's charger runtime. Then no
    /// charger has a session here, start/stop/restart only change what the owner reconciles with,
    /// and the live state is not known here.
    /// </summary>
    bool RunsChargers { get; }

    /// <summary>The live state, or null when the charger has no session.</summary>
    Task<RuntimeState?> GetStateAsync(string chargerId, CancellationToken cancellationToken);

    /// <summary>The live states of the chargers that have a session (a page of a list in one call).</summary>
    Task<IReadOnlyDictionary<string, RuntimeState>> GetStatesAsync(IReadOnlyCollection<string> chargerIds, CancellationToken cancellationToken);

    /// <summary>Starts the session if it is not running; a running one is left alone.</summary>
    Task StartAsync(string chargerId, CancellationToken cancellationToken);

    /// <summary>Closes the session cleanly (after any in-flight CALL) if it is running.</summary>
    Task StopAsync(string chargerId, CancellationToken cancellationToken);

    /// <summary>Stop then start, as a reboot: a new BootNotification follows.</summary>
    Task RestartAsync(string chargerId, CancellationToken cancellationToken);
}
