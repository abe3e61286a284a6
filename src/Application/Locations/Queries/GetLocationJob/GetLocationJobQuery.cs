using System.Text.Json;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Locations.Queries.GetLocationJob;

public sealed record GetLocationJobQuery(Guid LocationId, Guid JobId) : IQuery<LocationJobResponse>;

public sealed record LocationJobResponse(
    Guid JobId,
    string JobType,
    ProvisioningStatusName Status,
    string WorkflowRunId,
    ErrorInfo? Error,
    BulkCreateResults Results,
    DateTimeOffset? ProvisionedAt);

public sealed class GetLocationJobHandler(ITenantContext tenant, ILocationJobRepository jobs)
    : IQueryHandler<GetLocationJobQuery, LocationJobResponse>
{
    public async ValueTask<LocationJobResponse> Handle(GetLocationJobQuery query, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(tenant.OrganizationId, query.LocationId, query.JobId, cancellationToken)
            ?? throw new NotFoundException("job", query.JobId.ToString());
        return job.ToResponse();
    }
}

public static class LocationJobMapping
{
    public static LocationJobResponse ToResponse(this LocationJob job) => new(
        job.Id,
        job.JobType,
        job.Status.ToName(),
        job.WorkflowRunId,
        job.ErrorCode is null ? null : new ErrorInfo(job.ErrorCode, job.ErrorMessage ?? string.Empty, job.ErrorRetryable ?? false),
        job.ResultsJson is null ? new BulkCreateResults([], []) : JsonSerializer.Deserialize<BulkCreateResults>(job.ResultsJson)!,
        job.ProvisionedAt);
}
