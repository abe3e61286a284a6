using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Application.Cluster;

namespace OcppLab.Api.Controllers;

/// <summary>The gateway's cluster (ADR 11): its nodes and their chargers, and rebalancing the fleet. Admin tokens only.</summary>
[ApiController]
[Route("ocpp/cluster")]
[Authorize(Policy = TenantPolicy.Operator)]
[Produces("application/json")]
[Tags("Cluster")]
public sealed class ClusterController(IMediator mediator) : ControllerBase
{
    /// <summary>Get cluster</summary>
    /// <remarks>
    /// The active nodes, each with the chargers whose connections it holds (null when the node did not
    /// answer within 5 s), their total, and the current or last rebalance (null when none ran since the
    /// cluster's coordinator started). One node (the embedded default) is a cluster of one. Not tenant-scoped:
    /// admin tokens only (403 for a user token).
    /// </remarks>
    [HttpGet(Name = "cluster_get")]
    public async Task<ActionResult<ClusterResponse>> Get(CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetClusterQuery(), cancellationToken));

    /// <summary>Rebalance the fleet</summary>
    /// <remarks>
    /// Moves running chargers from the nodes above the mean to the least loaded ones (a node that joined
    /// runs none until then), so that every node ends within one charger of every other. Each move is a
    /// handover: the charger's connection closes normally on its node (live state saved clean), then opens
    /// on the new one, without a new BootNotification; its transactions go on. At most
    /// <c>Cluster:RebalanceParallelism</c> moves run at once. Answers 202 with the plan (moves per pair of
    /// nodes; none when the fleet is balanced or there is one node); follow it with GET /ocpp/cluster.
    /// 409 while a rebalance runs, anywhere in the cluster.
    /// </remarks>
    [HttpPost("rebalance", Name = "cluster_rebalance")]
    [ProducesResponseType<RebalanceResponse>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> Rebalance(CancellationToken cancellationToken) =>
        Accepted("/ocpp/cluster", await mediator.Send(new RebalanceClusterCommand(), cancellationToken));
}
