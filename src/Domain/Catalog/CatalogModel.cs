using OcppLab.Domain.Chargers;

namespace OcppLab.Domain.Catalog;

/// <summary>A charger model of the shipped catalog: what a simulated charger of that model is like.</summary>
public sealed class CatalogModel
{
    public Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; set; }
    public Guid BrandId { get; init; }
    public required string BrandSlug { get; init; }
    public string? ImageUrl { get; set; }
    public int ConnectorCount { get; set; }

    /// <summary><c>ac</c> or <c>dc</c>.</summary>
    public required string CurrentType { get; set; }

    /// <summary>Power ratings offered by the model, in kW; the largest is the charger's maximum.</summary>
    public List<double> SupportedKw { get; set; } = [];

    public List<string> ConnectorTypes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public int MaxPowerW => SupportedKw.Count == 0 ? 0 : (int)Math.Round(SupportedKw.Max() * 1000);

    public ChargerModelSnapshot Snapshot(string vendorName) =>
        new(BrandSlug, Slug, vendorName, Name, ImageUrl, ConnectorCount, MaxPowerW, CurrentType);
}
