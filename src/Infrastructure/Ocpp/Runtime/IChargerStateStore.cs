using OcppLab.Domain.Chargers;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The charger's non-volatile memory: settings changed by the CSMS and the local list.</summary>
public interface IChargerStateStore
{
    Task<ChargerStoredState?> LoadAsync(string chargerId, CancellationToken cancellationToken);

    Task SaveAsync(string chargerId, string configurationJson, string localAuthListJson, int localListVersion, CancellationToken cancellationToken);
}
