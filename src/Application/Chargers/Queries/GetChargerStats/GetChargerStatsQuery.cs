using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Chargers.Queries.GetChargerStats;

public sealed record GetChargerStatsQuery(string ChargerId) : IQuery<ChargerStatsResponse>;

public sealed class GetChargerStatsHandler(ITenantContext tenant, IChargerRepository chargers, IRuntimeStatistics statistics)
    : IQueryHandler<GetChargerStatsQuery, ChargerStatsResponse>
{
    public async ValueTask<ChargerStatsResponse> Handle(GetChargerStatsQuery query, CancellationToken cancellationToken)
    {
        var charger = await chargers.GetAsync(tenant.OrganizationId, query.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", query.ChargerId);
        return await statistics.GetAsync(charger.Id, cancellationToken)
            ?? new ChargerStatsResponse(charger.Id, false, null, new ConnectionStats(null, 0, 0, 0, 0), []);
    }
}
