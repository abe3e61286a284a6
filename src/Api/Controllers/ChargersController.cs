using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Api.Contracts;
using OcppLab.Application.Chargers;
using OcppLab.Application.Chargers.Commands.ControlRuntime;
using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Application.Chargers.Commands.DeleteCharger;
using OcppLab.Application.Chargers.Queries.GetCharger;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Chargers.Queries.GetProvisioningStatus;
using OcppLab.Application.Chargers.Queries.ListChargers;
using OcppLab.Application.Common.Paging;

namespace OcppLab.Api.Controllers;

/// <summary>Charger deployments: the simulated charge points.</summary>
[ApiController]
[Route("ocpp/chargers")]
[Authorize(Policy = TenantPolicy.TenantScoped)]
[Produces("application/json")]
[Tags("Chargers")]
public sealed class ChargersController(IMediator mediator) : ControllerBase
{
    /// <summary>List chargers</summary>
    /// <remarks>The tenant's chargers, optionally of one location, a page at a time.</remarks>
    [HttpGet(Name = "chargers_list")]
    public async Task<ActionResult<PagedList<ChargerResponse>>> List(
        [FromQuery(Name = "location_id")] Guid? locationId,
        [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new ListChargersQuery(locationId, page, limit), cancellationToken));

    /// <summary>Create charger (durable)</summary>
    /// <remarks>Writes the charger and starts its provisioning workflow; poll <c>status_url</c> until READY or FAILED.</remarks>
    [HttpPost(Name = "chargers_create")]
    [ProducesResponseType<CreateChargerResult>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> Create([FromBody] CreateChargerRequest request, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(request.ToCommand(), cancellationToken);
        return Accepted(result.StatusUrl, result);
    }

    /// <summary>Get charger provisioning status</summary>
    [HttpGet("{charger_id}/status", Name = "chargers_get_status")]
    public async Task<ActionResult<ProvisioningStatusResponse>> Status(
        [FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetProvisioningStatusQuery(chargerId), cancellationToken));

    /// <summary>Get charger</summary>
    [HttpGet("{charger_id}", Name = "chargers_get")]
    public async Task<ActionResult<ChargerResponse>> Get(
        [FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetChargerQuery(chargerId), cancellationToken));

    /// <summary>Update charger</summary>
    /// <remarks>Only the fields given change. Connection changes of a running charger apply at its next start or restart.</remarks>
    [HttpPut("{charger_id}", Name = "chargers_update")]
    public async Task<ActionResult<ChargerResponse>> Update(
        [FromRoute(Name = "charger_id")] string chargerId,
        [FromBody] UpdateChargerRequest request,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(request.ToCommand(chargerId), cancellationToken));

    /// <summary>Delete charger</summary>
    /// <remarks>Stops the runtime (clean close), then deletes the deployment, its workflow rows and its logs.</remarks>
    [HttpDelete("{charger_id}", Name = "chargers_delete")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete([FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteChargerCommand(chargerId), cancellationToken);
        return NoContent();
    }

    /// <summary>Start charger runtime</summary>
    /// <remarks>Sets the desired state to running and opens the charger's connection to its CSMS. A running charger is left alone.</remarks>
    [HttpPost("{charger_id}/start-charger", Name = "chargers_start")]
    [ProducesResponseType<RuntimeEventResponse>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartCharger([FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Accepted(await mediator.Send(new StartChargerCommand(chargerId), cancellationToken));

    /// <summary>Stop charger runtime</summary>
    /// <remarks>Sets the desired state to stopped and closes the WebSocket normally once any in-flight CALL is answered or timed out.</remarks>
    [HttpPost("{charger_id}/stop-charger", Name = "chargers_stop")]
    [ProducesResponseType<RuntimeEventResponse>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StopCharger([FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Accepted(await mediator.Send(new StopChargerCommand(chargerId), cancellationToken));

    /// <summary>Restart charger runtime</summary>
    /// <remarks>Stop then start, as a reboot: a new BootNotification follows.</remarks>
    [HttpPost("{charger_id}/restart-charger", Name = "chargers_restart")]
    [ProducesResponseType<RuntimeEventResponse>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> RestartCharger([FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Accepted(await mediator.Send(new RestartChargerCommand(chargerId), cancellationToken));

    /// <summary>Get charger statistics</summary>
    /// <remarks>
    /// Per OCPP action and direction: requests, responses, errors, timeouts and round-trip latency
    /// (min/avg/p50/p95/p99/max, ms); connection uptime and reconnects. Kept in memory for the running
    /// runtime and reset when it restarts; a stopped charger answers <c>running: false</c> and no actions.
    /// A standby gateway (another gateway runs the chargers of this database) answers 409 naming it.
    /// </remarks>
    [HttpGet("{charger_id}/stats", Name = "chargers_get_stats")]
    public async Task<ActionResult<ChargerStatsResponse>> Stats([FromRoute(Name = "charger_id")] string chargerId, CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetChargerStatsQuery(chargerId), cancellationToken));
}
