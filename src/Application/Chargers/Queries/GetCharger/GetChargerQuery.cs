using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Chargers.Queries.GetCharger;

public sealed record GetChargerQuery(string ChargerId) : IQuery<ChargerResponse>;

public sealed class GetChargerHandler(ITenantContext tenant, IChargerRepository chargers, IChargerRuntime runtime)
    : IQueryHandler<GetChargerQuery, ChargerResponse>
{
    public async ValueTask<ChargerResponse> Handle(GetChargerQuery query, CancellationToken cancellationToken)
    {
        var charger = await chargers.GetAsync(tenant.OrganizationId, query.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", query.ChargerId);
        return await charger.ToResponseAsync(runtime, cancellationToken);
    }
}
