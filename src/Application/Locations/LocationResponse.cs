namespace OcppLab.Application.Locations;

public sealed record LocationResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public CoordinatesDto? Coordinates { get; init; }
    public string? Timezone { get; init; }
    public string? OwnerName { get; init; }
    public required bool Public { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
