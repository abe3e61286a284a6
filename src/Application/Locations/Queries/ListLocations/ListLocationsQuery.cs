using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Locations.Queries.ListLocations;

public sealed record ListLocationsQuery(int? Page, int? Limit) : IQuery<PagedList<LocationResponse>>, IPagedQuery;

public sealed class ListLocationsValidator : AbstractValidator<ListLocationsQuery>
{
    public ListLocationsValidator() => this.AddPagingRules();
}

public sealed class ListLocationsHandler(ITenantContext tenant, ILocationRepository locations)
    : IQueryHandler<ListLocationsQuery, PagedList<LocationResponse>>
{
    public async ValueTask<PagedList<LocationResponse>> Handle(ListLocationsQuery query, CancellationToken cancellationToken)
    {
        var limit = Paging.LimitOrDefault(query.Limit);
        var (items, total) = await locations.ListAsync(tenant.OrganizationId, Paging.Skip(query.Page, query.Limit), limit, cancellationToken);
        return new PagedList<LocationResponse>(items.Select(l => l.ToResponse()).ToList(), total, Paging.PageOrDefault(query.Page), limit);
    }
}
