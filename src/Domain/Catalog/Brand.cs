namespace OcppLab.Domain.Catalog;

/// <summary>A charger manufacturer in the shipped catalog.</summary>
public sealed class Brand
{
    public Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; set; }
    public string? ImageUrl { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
