using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Api.Contracts;
using OcppLab.Application.Common.Paging;
using OcppLab.Application.Locations;
using OcppLab.Application.Locations.Commands.DeleteLocation;
using OcppLab.Application.Locations.Queries.GetLocation;
using OcppLab.Application.Locations.Queries.ListLocations;

namespace OcppLab.Api.Controllers;

/// <summary>Locations: sites that group chargers.</summary>
[ApiController]
[Route("ocpp/locations")]
[Authorize(Policy = TenantPolicy.TenantScoped)]
[Produces("application/json")]
[Tags("Locations")]
public sealed class LocationsController(IMediator mediator) : ControllerBase
{
    /// <summary>List locations</summary>
    [HttpGet(Name = "locations_list")]
    public async Task<ActionResult<PagedList<LocationResponse>>> List(
        [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new ListLocationsQuery(page, limit), cancellationToken));

    /// <summary>Create location</summary>
    [HttpPost(Name = "locations_create")]
    [ProducesResponseType<LocationResponse>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create([FromBody] CreateLocationRequest request, CancellationToken cancellationToken)
    {
        var location = await mediator.Send(request.ToCommand(), cancellationToken);
        return Created($"/ocpp/locations/{location.Id}", location);
    }

    /// <summary>Get location</summary>
    [HttpGet("{location_id:guid}", Name = "locations_get")]
    public async Task<ActionResult<LocationResponse>> Get([FromRoute(Name = "location_id")] Guid locationId, CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetLocationQuery(locationId), cancellationToken));

    /// <summary>Update location</summary>
    /// <remarks>Only the fields given change.</remarks>
    [HttpPut("{location_id:guid}", Name = "locations_update")]
    public async Task<ActionResult<LocationResponse>> Update(
        [FromRoute(Name = "location_id")] Guid locationId,
        [FromBody] UpdateLocationRequest request,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(request.ToCommand(locationId), cancellationToken));

    /// <summary>Delete location</summary>
    /// <remarks>Refused with 409 while the location still has chargers.</remarks>
    [HttpDelete("{location_id:guid}", Name = "locations_delete")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete([FromRoute(Name = "location_id")] Guid locationId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteLocationCommand(locationId), cancellationToken);
        return NoContent();
    }
}
