using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Locations;

namespace OcppLab.Application.Locations;

/// <summary>
/// Finds the location a new charger goes to: by id, by name (created when missing) or the tenant's
/// default; and creates locations with a slug unique in the tenant. A location it creates is
/// committed at once, on its own: requests racing to create the same location then meet at the
/// unique (tenant, slug) index, and the losers find the winner's location instead of failing.
/// </summary>
public sealed partial class LocationResolver(ILocationRepository locations, IUnitOfWork unitOfWork, TimeProvider time, ILogger<LocationResolver> logger)
{
    /// <summary>Rounds of "read the slugs, insert" before giving up under heavy contention on one name.</summary>
    public const int MaxAttempts = 20;

    /// <summary>The log scope property around an insert whose unique violation is an expected race.</summary>
    public const string ExpectedRaceScope = "ExpectedUniqueRace";

    public async Task<Location> ResolveAsync(string organizationId, Guid? locationId, string? locationName, CancellationToken cancellationToken)
    {
        if (locationId is { } id)
        {
            return await locations.GetAsync(organizationId, id, cancellationToken)
                ?? throw new RequestValidationException("location_id", $"location {id} does not exist.");
        }

        var name = string.IsNullOrWhiteSpace(locationName) ? null : locationName.Trim();
        var baseSlug = Location.Slugify(name ?? Location.DefaultName);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // The slugs are read before looking the location up: one committed before this read is
            // found just below; one committed after it takes the slug we try, and the next round finds it.
            var taken = await locations.SlugsLikeAsync(organizationId, baseSlug, cancellationToken);
            var existing = name is null
                ? await locations.FindBySlugAsync(organizationId, baseSlug, cancellationToken)
                : await locations.FindByNameAsync(organizationId, name, cancellationToken);
            if (existing is not null)
            {
                return existing;
            }

            if (await TryAddAsync(organizationId, name ?? Location.DefaultName, FreeSlug(baseSlug, taken), null, cancellationToken) is { } created)
            {
                return created;
            }
        }

        throw Contended(name ?? Location.DefaultName);
    }

    /// <summary>Creates and commits a location with a slug unique in the tenant (name-2, name-3 … on collisions).</summary>
    public async Task<Location> CreateAsync(string organizationId, string name, LocationDetails? details, CancellationToken cancellationToken)
    {
        var baseSlug = Location.Slugify(name);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var taken = await locations.SlugsLikeAsync(organizationId, baseSlug, cancellationToken);
            if (await TryAddAsync(organizationId, name, FreeSlug(baseSlug, taken), details, cancellationToken) is { } created)
            {
                return created;
            }
        }

        throw Contended(name);
    }

    /// <summary>Adds and commits the location; null when another request took its slug first.</summary>
    private async Task<Location?> TryAddAsync(
        string organizationId, string name, string slug, LocationDetails? details, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var location = Location.Create(organizationId, name, slug, now);
        if (details is not null)
        {
            location.Update(details, now);
        }

        locations.Add(location);
        try
        {
            // EF Core logs the failed INSERT at error level (without the exception) before this catch
            // sees it; the scope marks its entries as the expected race so the log pipeline can drop
            // them. Any other failure is not caught here and is logged by whoever handles it.
            using (logger.BeginScope(new Dictionary<string, object> { [ExpectedRaceScope] = "location_slug" }))
            {
                await unitOfWork.SaveChangesAsync(cancellationToken);
            }

            return location;
        }
        catch (UniqueConstraintException)
        {
            // Never stored: removing it makes the unit of work forget it. An expected race, not an error
            // (the log pipeline drops EF Core's error entry for it, see ExpectedRaceScope).
            locations.Remove(location);
            SlugTaken(organizationId, slug);
            return null;
        }
    }

    private static string FreeSlug(string baseSlug, IReadOnlyList<string> taken)
    {
        var set = taken.ToHashSet(StringComparer.Ordinal);
        if (!set.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{baseSlug}-{n}";
            if (!set.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Location slug {Slug} of tenant {OrganizationId} was taken by a concurrent request; reading it again")]
    private partial void SlugTaken(string organizationId, string slug);

    private static ConflictException Contended(string name) =>
        new($"The location '{name}' is being created by many requests at once; try again.");
}
