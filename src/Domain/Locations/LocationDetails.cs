namespace OcppLab.Domain.Locations;

/// <summary>The optional fields of a location; a null field is left as it is.</summary>
public sealed record LocationDetails
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Timezone { get; init; }
    public string? OwnerName { get; init; }
    public bool? Public { get; init; }
}
