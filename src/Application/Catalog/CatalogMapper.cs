using OcppLab.Domain.Catalog;
using Riok.Mapperly.Abstractions;

namespace OcppLab.Application.Catalog;

[Mapper]
public static partial class CatalogMapper
{
    [MapperIgnoreSource(nameof(Brand.CreatedAt))]
    public static partial BrandResponse ToResponse(this Brand brand);

    [MapperIgnoreSource(nameof(CatalogModel.MaxPowerW))]
    [MapProperty(nameof(CatalogModel.SupportedKw), nameof(CatalogModelResponse.SupportedKwh))]
    public static partial CatalogModelResponse ToResponse(this CatalogModel model);
}
