using Moq;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Catalog;

namespace OcppLab.UnitTests.Handlers;

/// <summary>A small catalog behind a Moq'd <see cref="ICatalogRepository"/>.</summary>
internal static class Catalog
{
    public static readonly Brand Abb = new() { Id = Guid.NewGuid(), Slug = "abb", Name = "ABB" };
    public static readonly Brand Wallbox = new() { Id = Guid.NewGuid(), Slug = "wallbox", Name = "Wallbox" };

    public static readonly CatalogModel Terra184 = new()
    {
        Id = Guid.NewGuid(), Slug = "terra-184", Name = "Terra 184", BrandId = Abb.Id, BrandSlug = "abb", CurrentType = "dc",
        ConnectorCount = 2, SupportedKw = [180], ConnectorTypes = ["CCS2", "CHAdeMO"],
    };

    public static readonly CatalogModel PulsarPlus = new()
    {
        Id = Guid.NewGuid(), Slug = "wallbox-pulsar-plus", Name = "Pulsar Plus", BrandId = Wallbox.Id, BrandSlug = "wallbox", CurrentType = "ac",
        ConnectorCount = 1, SupportedKw = [7.4, 11, 22], ConnectorTypes = ["Type2", "Type1"],
    };

    public static Mock<ICatalogRepository> Mock()
    {
        var mock = new Mock<ICatalogRepository>(MockBehavior.Strict);
        mock.Setup(c => c.GetBrandAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string slug, CancellationToken _) => new[] { Abb, Wallbox }.SingleOrDefault(b => b.Slug == slug));
        mock.Setup(c => c.GetModelAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string brand, string model, CancellationToken _) =>
                new[] { Terra184, PulsarPlus }.SingleOrDefault(m => m.BrandSlug == brand && m.Slug == model));
        return mock;
    }
}
