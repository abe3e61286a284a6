using OcppLab.Domain.Locations;
using Riok.Mapperly.Abstractions;

namespace OcppLab.Application.Locations;

[Mapper]
public static partial class LocationMapper
{
    [MapperIgnoreSource(nameof(Location.OrganizationId))]
    [MapperIgnoreSource(nameof(Location.Latitude))]
    [MapperIgnoreSource(nameof(Location.Longitude))]
    [MapPropertyFromSource(nameof(LocationResponse.Coordinates), Use = nameof(ToCoordinates))]
    public static partial LocationResponse ToResponse(this Location location);

    private static CoordinatesDto? ToCoordinates(Location location) =>
        location.Latitude is { } lat && location.Longitude is { } lon ? new CoordinatesDto(lat, lon) : null;

    public static LocationDetails ToDetails(this ILocationFields fields, string? name) => new()
    {
        Name = name,
        Address = fields.Address,
        City = fields.City,
        Country = fields.Country,
        Latitude = fields.Coordinates?.Latitude,
        Longitude = fields.Coordinates?.Longitude,
        Timezone = fields.Timezone,
        OwnerName = fields.OwnerName,
        Public = fields.Public,
    };
}
