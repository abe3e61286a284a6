using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Locations.Queries.ListLocationChargers;

/// <summary>Chargers of a location, optionally only those named by id (or identity) in <see cref="ChargerIds"/>.</summary>
public sealed record ListLocationChargersQuery(Guid LocationId, IReadOnlyList<string>? ChargerIds, int? Page, int? Limit)
    : IQuery<PagedList<ChargerResponse>>, IPagedQuery;

public sealed class ListLocationChargersValidator : AbstractValidator<ListLocationChargersQuery>
{
    public ListLocationChargersValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.ChargerIds).Must(ids => ids is null || ids.Count <= 1000)
            .WithMessage("charger_ids may name at most 1000 chargers.");
    }
}

public sealed class ListLocationChargersHandler(
    ITenantContext tenant,
    ILocationRepository locations,
    IChargerRepository chargers,
    IChargerRuntime runtime) : IQueryHandler<ListLocationChargersQuery, PagedList<ChargerResponse>>
{
    public async ValueTask<PagedList<ChargerResponse>> Handle(ListLocationChargersQuery query, CancellationToken cancellationToken)
    {
        _ = await locations.GetAsync(tenant.OrganizationId, query.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", query.LocationId.ToString());
        var limit = Paging.LimitOrDefault(query.Limit);
        var ids = query.ChargerIds is { Count: > 0 } ? query.ChargerIds : null;
        var (items, total) = await chargers.ListAsync(
            tenant.OrganizationId, query.LocationId, ids, Paging.Skip(query.Page, query.Limit), limit, cancellationToken);
        return new PagedList<ChargerResponse>(await items.ToResponsesAsync(runtime, cancellationToken), total, Paging.PageOrDefault(query.Page), limit);
    }
}
