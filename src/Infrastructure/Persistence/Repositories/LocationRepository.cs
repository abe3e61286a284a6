using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Locations;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class LocationRepository(OcppLabDbContext db) : ILocationRepository
{
    public async Task<Location?> GetAsync(string organizationId, Guid locationId, CancellationToken cancellationToken) =>
        db.Locations.Local.FirstOrDefault(l => l.Id == locationId && l.OrganizationId == organizationId)
        ?? await db.Locations.FirstOrDefaultAsync(l => l.Id == locationId && l.OrganizationId == organizationId, cancellationToken);

    public async Task<Location?> FindByNameAsync(string organizationId, string name, CancellationToken cancellationToken) =>
        db.Locations.Local.FirstOrDefault(l => l.OrganizationId == organizationId && l.Name == name)
        ?? await db.Locations.Where(l => l.OrganizationId == organizationId && l.Name == name)
            .OrderBy(l => l.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Location?> FindBySlugAsync(string organizationId, string slug, CancellationToken cancellationToken) =>
        db.Locations.Local.FirstOrDefault(l => l.OrganizationId == organizationId && l.Slug == slug)
        ?? await db.Locations.FirstOrDefaultAsync(l => l.OrganizationId == organizationId && l.Slug == slug, cancellationToken);

    public async Task<IReadOnlyList<string>> SlugsLikeAsync(string organizationId, string baseSlug, CancellationToken cancellationToken)
    {
        var prefix = baseSlug + "-";
        return await db.Locations.AsNoTracking()
            .Where(l => l.OrganizationId == organizationId && (l.Slug == baseSlug || l.Slug.StartsWith(prefix)))
            .Select(l => l.Slug)
            .ToListAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<Location> Items, int Total)> ListAsync(
        string organizationId, int skip, int take, CancellationToken cancellationToken)
    {
        var query = db.Locations.AsNoTracking().Where(l => l.OrganizationId == organizationId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    public void Add(Location location) => db.Locations.Add(location);

    public void Remove(Location location) => db.Locations.Remove(location);
}
