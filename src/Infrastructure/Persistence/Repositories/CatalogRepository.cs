using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Catalog;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class CatalogRepository(OcppLabDbContext db) : ICatalogRepository
{
    public Task<Brand?> GetBrandAsync(string brandSlug, CancellationToken cancellationToken) =>
        db.Brands.AsNoTracking().FirstOrDefaultAsync(b => b.Slug == brandSlug, cancellationToken);

    public Task<CatalogModel?> GetModelAsync(string brandSlug, string modelSlug, CancellationToken cancellationToken) =>
        db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.BrandSlug == brandSlug && m.Slug == modelSlug, cancellationToken);

    public async Task<(IReadOnlyList<Brand> Items, int Total)> ListBrandsAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var total = await db.Brands.CountAsync(cancellationToken);
        var items = await db.Brands.AsNoTracking().OrderBy(b => b.Slug).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<(IReadOnlyList<CatalogModel> Items, int Total)> ListModelsAsync(
        string brandSlug, int skip, int take, CancellationToken cancellationToken)
    {
        var query = db.Models.AsNoTracking().Where(m => m.BrandSlug == brandSlug);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(m => m.Slug).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }
}
