using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;

namespace OcppLab.Application.Chargers.Queries.GetProvisioningStatus;

public sealed record GetProvisioningStatusQuery(string ChargerId) : IQuery<ProvisioningStatusResponse>;

public sealed class GetProvisioningStatusHandler(ITenantContext tenant, IChargerRepository chargers, IWorkflowRepository workflows)
    : IQueryHandler<GetProvisioningStatusQuery, ProvisioningStatusResponse>
{
    public async ValueTask<ProvisioningStatusResponse> Handle(GetProvisioningStatusQuery query, CancellationToken cancellationToken)
    {
        var charger = await chargers.GetAsync(tenant.OrganizationId, query.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", query.ChargerId);
        var run = await workflows.GetAsync(charger.WorkflowRunId, cancellationToken);

        var status = charger.ProvisioningStatus.ToName();
        if (charger.ProvisioningStatus == ProvisioningStatus.Provisioning && run is not null && !run.HasStarted)
        {
            status = ProvisioningStatusName.Pending;
        }

        return new ProvisioningStatusResponse(
            charger.Id,
            status,
            charger.WorkflowRunId,
            run.ToErrorInfo(),
            charger.ProvisionedAt,
            run.ToStepResponses());
    }
}
