using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Catalog;

public sealed record ListBrandsQuery(int? Page, int? Limit) : IQuery<PagedList<BrandResponse>>, IPagedQuery;

public sealed class ListBrandsValidator : AbstractValidator<ListBrandsQuery>
{
    public ListBrandsValidator() => this.AddPagingRules();
}

public sealed class ListBrandsHandler(ICatalogRepository catalog) : IQueryHandler<ListBrandsQuery, PagedList<BrandResponse>>
{
    public async ValueTask<PagedList<BrandResponse>> Handle(ListBrandsQuery query, CancellationToken cancellationToken)
    {
        var limit = Paging.LimitOrDefault(query.Limit);
        var (items, total) = await catalog.ListBrandsAsync(Paging.Skip(query.Page, query.Limit), limit, cancellationToken);
        return new PagedList<BrandResponse>(items.Select(b => b.ToResponse()).ToList(), total, Paging.PageOrDefault(query.Page), limit);
    }
}

public sealed record ListModelsQuery(string BrandSlug, int? Page, int? Limit) : IQuery<PagedList<CatalogModelResponse>>, IPagedQuery;

public sealed class ListModelsValidator : AbstractValidator<ListModelsQuery>
{
    public ListModelsValidator() => this.AddPagingRules();
}

public sealed class ListModelsHandler(ICatalogRepository catalog) : IQueryHandler<ListModelsQuery, PagedList<CatalogModelResponse>>
{
    public async ValueTask<PagedList<CatalogModelResponse>> Handle(ListModelsQuery query, CancellationToken cancellationToken)
    {
        _ = await catalog.GetBrandAsync(query.BrandSlug, cancellationToken)
            ?? throw new NotFoundException("brand", query.BrandSlug);
        var limit = Paging.LimitOrDefault(query.Limit);
        var (items, total) = await catalog.ListModelsAsync(query.BrandSlug, Paging.Skip(query.Page, query.Limit), limit, cancellationToken);
        return new PagedList<CatalogModelResponse>(items.Select(m => m.ToResponse()).ToList(), total, Paging.PageOrDefault(query.Page), limit);
    }
}

public sealed record GetModelQuery(string BrandSlug, string ModelSlug) : IQuery<CatalogModelResponse>;

public sealed class GetModelHandler(ICatalogRepository catalog) : IQueryHandler<GetModelQuery, CatalogModelResponse>
{
    public async ValueTask<CatalogModelResponse> Handle(GetModelQuery query, CancellationToken cancellationToken)
    {
        _ = await catalog.GetBrandAsync(query.BrandSlug, cancellationToken)
            ?? throw new NotFoundException("brand", query.BrandSlug);
        var model = await catalog.GetModelAsync(query.BrandSlug, query.ModelSlug, cancellationToken)
            ?? throw new NotFoundException("model", $"{query.BrandSlug}/{query.ModelSlug}");
        return model.ToResponse();
    }
}
