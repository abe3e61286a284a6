using OcppLab.Domain.Chargers;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The charger's non-volatile memory: settings changed by the CSMS and the local list (written when
/// they change), and the live state (written in batches, see <see cref="LiveStateWriter"/>).
/// </summary>
public interface IChargerStateStore
{
    Task<ChargerStoredState?> LoadAsync(string chargerId, CancellationToken cancellationToken);

    Task SaveAsync(string chargerId, string configurationJson, string localAuthListJson, int localListVersion, CancellationToken cancellationToken);

    /// <summary>Hands a captured live state to the batched writer; no I/O on the caller's thread.</summary>
    void QueueLiveState(string chargerId, string liveStateJson);

    /// <summary>Writes every live state handed over so far, now (a graceful stop before it returns).</summary>
    Task FlushLiveStatesAsync(CancellationToken cancellationToken);
}
