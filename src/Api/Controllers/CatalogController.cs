using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Application.Catalog;
using OcppLab.Application.Common.Paging;

namespace OcppLab.Api.Controllers;

/// <summary>The read-only catalog of charger brands and models (not tenant-scoped).</summary>
[ApiController]
[Route("ocpp/catalog")]
[Authorize(Policy = TenantPolicy.AnyTenant)]
[Produces("application/json")]
[Tags("Catalog")]
public sealed class CatalogController(IMediator mediator) : ControllerBase
{
    /// <summary>List brands</summary>
    [HttpGet("brands", Name = "catalog_list_brands")]
    public async Task<ActionResult<PagedList<BrandResponse>>> Brands(
        [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new ListBrandsQuery(page, limit), cancellationToken));

    /// <summary>List models of a brand</summary>
    [HttpGet("brands/{brand_slug}/models", Name = "catalog_list_models")]
    public async Task<ActionResult<PagedList<CatalogModelResponse>>> Models(
        [FromRoute(Name = "brand_slug")] string brandSlug,
        [FromQuery(Name = "page")] int? page,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new ListModelsQuery(brandSlug, page, limit), cancellationToken));

    /// <summary>Get model</summary>
    [HttpGet("brands/{brand_slug}/models/{model_slug}", Name = "catalog_get_model")]
    public async Task<ActionResult<CatalogModelResponse>> Model(
        [FromRoute(Name = "brand_slug")] string brandSlug,
        [FromRoute(Name = "model_slug")] string modelSlug,
        CancellationToken cancellationToken) =>
        Ok(await mediator.Send(new GetModelQuery(brandSlug, modelSlug), cancellationToken));
}
