using OcppLab.Domain.Catalog;

namespace OcppLab.Application.Abstractions;

public interface ICatalogRepository
{
    Task<Brand?> GetBrandAsync(string brandSlug, CancellationToken cancellationToken);

    Task<CatalogModel?> GetModelAsync(string brandSlug, string modelSlug, CancellationToken cancellationToken);

    Task<(IReadOnlyList<Brand> Items, int Total)> ListBrandsAsync(int skip, int take, CancellationToken cancellationToken);

    Task<(IReadOnlyList<CatalogModel> Items, int Total)> ListModelsAsync(string brandSlug, int skip, int take, CancellationToken cancellationToken);
}
