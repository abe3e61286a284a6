namespace OcppLab.Application.Locations;

/// <summary>The optional fields a location create or update may carry.</summary>
public interface ILocationFields
{
    string? Address { get; }
    string? City { get; }
    string? Country { get; }
    CoordinatesDto? Coordinates { get; }
    string? Timezone { get; }
    string? OwnerName { get; }
    bool? Public { get; }
}
