using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Locations;

namespace OcppLab.Application.Locations;

/// <summary>Finds the location a new charger goes to: by id, by name (created when missing) or the tenant's default.</summary>
public sealed class LocationResolver(ILocationRepository locations, TimeProvider time)
{
    public async Task<Location> ResolveAsync(string organizationId, Guid? locationId, string? locationName, CancellationToken cancellationToken)
    {
        if (locationId is { } id)
        {
            return await locations.GetAsync(organizationId, id, cancellationToken)
                ?? throw new RequestValidationException("location_id", $"location {id} does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(locationName))
        {
            var name = locationName.Trim();
            return await locations.FindByNameAsync(organizationId, name, cancellationToken)
                ?? await CreateAsync(organizationId, name, cancellationToken);
        }

        return await locations.FindBySlugAsync(organizationId, Location.Slugify(Location.DefaultName), cancellationToken)
            ?? await CreateAsync(organizationId, Location.DefaultName, cancellationToken);
    }

    /// <summary>Adds a location with a slug unique in the tenant (name-2, name-3 … on collisions).</summary>
    public async Task<Location> CreateAsync(string organizationId, string name, CancellationToken cancellationToken)
    {
        var slug = await UniqueSlugAsync(organizationId, Location.Slugify(name), cancellationToken);
        var location = Location.Create(organizationId, name, slug, time.GetUtcNow());
        locations.Add(location);
        return location;
    }

    private async Task<string> UniqueSlugAsync(string organizationId, string baseSlug, CancellationToken cancellationToken)
    {
        var taken = (await locations.SlugsLikeAsync(organizationId, baseSlug, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{baseSlug}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
