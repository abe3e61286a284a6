namespace OcppLab.Domain.Chargers;

/// <summary>The catalog facts a charger copies at creation, so later catalog edits do not rewrite it.</summary>
public sealed record ChargerModelSnapshot(
    string BrandSlug,
    string ModelSlug,
    string VendorName,
    string ModelName,
    string? ImageUrl,
    int ConnectorCount,
    int MaxPowerW,
    string CurrentType);
