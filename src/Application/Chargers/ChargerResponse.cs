using OcppLab.Application.Common.Contracts;

namespace OcppLab.Application.Chargers;

/// <summary>A charger deployment as the API shows it.</summary>
public sealed record ChargerResponse
{
    public required string Id { get; init; }
    public required string Identity { get; init; }
    public required string Name { get; init; }
    public required string VendorName { get; init; }
    public required string Model { get; init; }
    public string? ImageUrl { get; init; }
    public required OcppVersionName OcppVersion { get; init; }
    public required int NumberOfConnectors { get; init; }

    /// <summary>Maximum charging power in W.</summary>
    public required int MaxChargingPower { get; init; }

    public required string ConnectorType { get; init; }
    public required Guid LocationId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string BrandSlug { get; init; }
    public required string ModelSlug { get; init; }
    public required string WsUrl { get; init; }
    public required int SecurityProfile { get; init; }
    public required ProvisioningStatusName ProvisioningStatus { get; init; }
    public required ChargerRuntimeResponse Runtime { get; init; }
}
