using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Api.Contracts;
using OcppLab.Application.Chargers;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Locations.Commands.DeleteLocationChargers;
using OcppLab.Application.Locations.Queries.GetLocationJob;
using OcppLab.Application.Locations.Queries.ListLocationChargers;

namespace OcppLab.Api.Controllers;

/// <summary>The chargers of a location, in bulk.</summary>
[ApiController]
[Route("ocpp/locations/{location_id:guid}/chargers")]
[Authorize(Policy = TenantPolicy.TenantScoped)]
[Produces("application/json")]
[Tags("Location chargers")]
public sealed class LocationChargersController(IMediator mediator) : ControllerBase
{
    /// <summary>List location chargers</summary>
    /// <remarks>Repeat <c>charger_ids</c> (charger ids or identities) to fetch a subset.</remarks>
    [HttpGet(Name = "location_chargers_list")]
    public async Task<ActionResult<PagedList<ChargerResponse>>> List(
        [FromRoute(Name = "location_id")] Guid locationId,
        [FromQuery(Name = "charger_ids")] string[]? chargerIds,
        [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new ListLocationChargersQuery(locationId, chargerIds, page, limit), cancellationToken));

    /// <summary>Bulk create location chargers (durable job)</summary>
    /// <remarks>Up to 1,000 chargers per call; identity = identity_prefix + suffix. Follow the job at <c>status_url</c>.</remarks>
    [HttpPost(Name = "location_chargers_bulk_create")]
    [ProducesResponseType<LocationJobAccepted>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> BulkCreate(
        [FromRoute(Name = "location_id")] Guid locationId,
        [FromBody] List<BulkCreateChargersItem?> items,
        CancellationToken cancellationToken)
    {
        var result = await mediator.Send(items.ToCommand(locationId), cancellationToken);
        return Accepted(result.StatusUrl, result);
    }

    /// <summary>Get location job</summary>
    [HttpGet("jobs/{job_id:guid}", Name = "location_chargers_get_job")]
    public async Task<ActionResult<LocationJobResponse>> GetJob(
        [FromRoute(Name = "location_id")] Guid locationId,
        [FromRoute(Name = "job_id")] Guid jobId,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetLocationJobQuery(locationId, jobId), cancellationToken));

    /// <summary>Delete location chargers</summary>
    /// <remarks>Deletes the chargers named by repeated <c>charger_ids</c>; names not found are listed in <c>not_found</c>.</remarks>
    [HttpDelete(Name = "location_chargers_delete")]
    public async Task<ActionResult<DeleteLocationChargersResult>> Delete(
        [FromRoute(Name = "location_id")] Guid locationId,
        [FromQuery(Name = "charger_ids")] string[]? chargerIds,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new DeleteLocationChargersCommand(locationId, chargerIds ?? []), cancellationToken));
}
