using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Chargers.Queries.ListChargers;

public sealed record ListChargersQuery(Guid? LocationId, int? Page, int? Limit) : IQuery<PagedList<ChargerResponse>>, IPagedQuery;

public sealed class ListChargersValidator : AbstractValidator<ListChargersQuery>
{
    public ListChargersValidator() => this.AddPagingRules();
}

public sealed class ListChargersHandler(ITenantContext tenant, IChargerRepository chargers, IChargerRuntime runtime)
    : IQueryHandler<ListChargersQuery, PagedList<ChargerResponse>>
{
    public async ValueTask<PagedList<ChargerResponse>> Handle(ListChargersQuery query, CancellationToken cancellationToken)
    {
        var limit = Paging.LimitOrDefault(query.Limit);
        var (items, total) = await chargers.ListAsync(
            tenant.OrganizationId, query.LocationId, null, Paging.Skip(query.Page, query.Limit), limit, cancellationToken);
        return new PagedList<ChargerResponse>(
            await items.ToResponsesAsync(runtime, cancellationToken), total, Paging.PageOrDefault(query.Page), limit);
    }
}
