using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Cluster;

/// <summary>The cluster's nodes and their chargers (an operator's query, not tenant-scoped).</summary>
public sealed record GetClusterQuery : IQuery<ClusterResponse>;

public sealed class GetClusterHandler(IClusterOperations cluster) : IQueryHandler<GetClusterQuery, ClusterResponse>
{
    public async ValueTask<ClusterResponse> Handle(GetClusterQuery query, CancellationToken cancellationToken) =>
        await cluster.GetAsync(cancellationToken);
}

/// <summary>Moves running chargers from the nodes above the mean to the least loaded ones (an operator's command).</summary>
public sealed record RebalanceClusterCommand : ICommand<RebalanceResponse>;

public sealed class RebalanceClusterHandler(IClusterOperations cluster) : ICommandHandler<RebalanceClusterCommand, RebalanceResponse>
{
    public async ValueTask<RebalanceResponse> Handle(RebalanceClusterCommand command, CancellationToken cancellationToken)
    {
        var (started, run) = await cluster.RebalanceAsync(cancellationToken);
        return started
            ? run
            : throw new ConflictException(
                $"A rebalance is running since {run.StartedAt:O} ({run.Moved + run.Skipped + run.Failed} of {run.Planned} moves done); see GET /ocpp/cluster and try again once it completed.");
    }
}
