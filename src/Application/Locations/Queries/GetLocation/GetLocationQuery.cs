using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Locations.Queries.GetLocation;

public sealed record GetLocationQuery(Guid LocationId) : IQuery<LocationResponse>;

public sealed class GetLocationHandler(ITenantContext tenant, ILocationRepository locations)
    : IQueryHandler<GetLocationQuery, LocationResponse>
{
    public async ValueTask<LocationResponse> Handle(GetLocationQuery query, CancellationToken cancellationToken)
    {
        var location = await locations.GetAsync(tenant.OrganizationId, query.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", query.LocationId.ToString());
        return location.ToResponse();
    }
}
