using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Chargers;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class ChargerRepository(OcppLabDbContext db) : IChargerRepository
{
    public Task<Charger?> GetAsync(string organizationId, string chargerId, CancellationToken cancellationToken) =>
        db.Chargers.FirstOrDefaultAsync(c => c.Id == chargerId && c.OrganizationId == organizationId, cancellationToken);

    public Task<Charger?> GetByIdAsync(string chargerId, CancellationToken cancellationToken) =>
        db.Chargers.FirstOrDefaultAsync(c => c.Id == chargerId, cancellationToken);

    public Task<Charger?> FindByIdOrIdentityAsync(string organizationId, string idOrIdentity, CancellationToken cancellationToken) =>
        db.Chargers.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && (c.Id == idOrIdentity || c.Identity == idOrIdentity))
            .OrderBy(c => c.Id == idOrIdentity ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Charger>> ListInLocationAsync(string organizationId, Guid locationId, CancellationToken cancellationToken) =>
        await db.Chargers.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && c.LocationId == locationId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);

    public Task<bool> IdentityExistsAsync(string organizationId, string identity, CancellationToken cancellationToken) =>
        db.Chargers.AnyAsync(c => c.OrganizationId == organizationId && c.Identity == identity, cancellationToken);

    public async Task<IReadOnlySet<string>> ExistingIdentitiesAsync(
        string organizationId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in identities.Chunk(500))
        {
            var existing = await db.Chargers.AsNoTracking()
                .Where(c => c.OrganizationId == organizationId && chunk.Contains(c.Identity))
                .Select(c => c.Identity)
                .ToListAsync(cancellationToken);
            found.UnionWith(existing);
        }

        return found;
    }

    public async Task<(IReadOnlyList<Charger> Items, int Total)> ListAsync(
        string organizationId,
        Guid? locationId,
        IReadOnlyCollection<string>? idsOrIdentities,
        int skip,
        int take,
        CancellationToken cancellationToken)
    {
        var query = db.Chargers.AsNoTracking().Where(c => c.OrganizationId == organizationId);
        if (locationId is { } location)
        {
            query = query.Where(c => c.LocationId == location);
        }

        if (idsOrIdentities is not null)
        {
            query = query.Where(c => idsOrIdentities.Contains(c.Id) || idsOrIdentities.Contains(c.Identity));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<IReadOnlyList<Charger>> FindInLocationAsync(
        string organizationId, Guid locationId, IReadOnlyCollection<string> idsOrIdentities, CancellationToken cancellationToken) =>
        await db.Chargers
            .Where(c => c.OrganizationId == organizationId && c.LocationId == locationId
                && (idsOrIdentities.Contains(c.Id) || idsOrIdentities.Contains(c.Identity)))
            .ToListAsync(cancellationToken);

    public Task<bool> AnyInLocationAsync(string organizationId, Guid locationId, CancellationToken cancellationToken) =>
        db.Chargers.AnyAsync(c => c.OrganizationId == organizationId && c.LocationId == locationId, cancellationToken);

    public async Task<IReadOnlyList<string>> ListRunningIdsAsync(CancellationToken cancellationToken) =>
        await db.Chargers.AsNoTracking()
            .Where(c => c.DesiredState == DesiredState.Running && c.ProvisioningStatus == ProvisioningStatus.Ready)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);

    public void Add(Charger charger) => db.Chargers.Add(charger);

    public void Remove(Charger charger) => db.Chargers.Remove(charger);
}
