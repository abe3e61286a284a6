namespace OcppLab.Application.Catalog;

public sealed record BrandResponse(Guid Id, string Slug, string Name, string? ImageUrl);

public sealed record CatalogModelResponse
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string BrandSlug { get; init; }
    public required Guid BrandId { get; init; }
    public string? ImageUrl { get; init; }
    public required int ConnectorCount { get; init; }

    /// <summary><c>ac</c> or <c>dc</c>.</summary>
    public required string CurrentType { get; init; }

    /// <summary>The power ratings (kW) the model is sold with.</summary>
    public required IReadOnlyList<double> SupportedKwh { get; init; }

    public required IReadOnlyList<string> ConnectorTypes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
