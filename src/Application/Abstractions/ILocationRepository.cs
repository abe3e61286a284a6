using OcppLab.Domain.Locations;

namespace OcppLab.Application.Abstractions;

public interface ILocationRepository
{
    Task<Location?> GetAsync(string organizationId, Guid locationId, CancellationToken cancellationToken);

    Task<Location?> FindByNameAsync(string organizationId, string name, CancellationToken cancellationToken);

    Task<Location?> FindBySlugAsync(string organizationId, string slug, CancellationToken cancellationToken);

    /// <summary>Slugs of the tenant that equal <paramref name="baseSlug"/> or start with it followed by a dash.</summary>
    Task<IReadOnlyList<string>> SlugsLikeAsync(string organizationId, string baseSlug, CancellationToken cancellationToken);

    Task<(IReadOnlyList<Location> Items, int Total)> ListAsync(string organizationId, int skip, int take, CancellationToken cancellationToken);

    void Add(Location location);

    void Remove(Location location);
}
