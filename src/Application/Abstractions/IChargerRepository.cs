using OcppLab.Domain.Chargers;

namespace OcppLab.Application.Abstractions;

public interface IChargerRepository
{
    Task<Charger?> GetAsync(string organizationId, string chargerId, CancellationToken cancellationToken);

    /// <summary>Looks a charger up without a tenant, for the runtime and the workflow runner.</summary>
    Task<Charger?> GetByIdAsync(string chargerId, CancellationToken cancellationToken);

    /// <summary>A charger of the tenant by its id or its identity.</summary>
    Task<Charger?> FindByIdOrIdentityAsync(string organizationId, string idOrIdentity, CancellationToken cancellationToken);

    /// <summary>Every charger of a location (fan-out commands).</summary>
    Task<IReadOnlyList<Charger>> ListInLocationAsync(string organizationId, Guid locationId, CancellationToken cancellationToken);

    Task<bool> IdentityExistsAsync(string organizationId, string identity, CancellationToken cancellationToken);

    Task<IReadOnlySet<string>> ExistingIdentitiesAsync(string organizationId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);

    Task<(IReadOnlyList<Charger> Items, int Total)> ListAsync(
        string organizationId,
        Guid? locationId,
        IReadOnlyCollection<string>? idsOrIdentities,
        int skip,
        int take,
        CancellationToken cancellationToken);

    /// <summary>Chargers of a location matching ids or identities, without paging.</summary>
    Task<IReadOnlyList<Charger>> FindInLocationAsync(
        string organizationId,
        Guid locationId,
        IReadOnlyCollection<string> idsOrIdentities,
        CancellationToken cancellationToken);

    Task<bool> AnyInLocationAsync(string organizationId, Guid locationId, CancellationToken cancellationToken);

    /// <summary>Ids of every provisioned charger whose desired state is running (recovery after restart).</summary>
    Task<IReadOnlyList<string>> ListRunningIdsAsync(CancellationToken cancellationToken);

    void Add(Charger charger);

    void Remove(Charger charger);
}
