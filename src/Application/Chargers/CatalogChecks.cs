using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Chargers;

namespace OcppLab.Application.Chargers;

public static class CatalogChecks
{
    /// <summary>
    /// The catalog model for a brand/model pair, checked to offer the connector type (returned in the catalog's spelling); a 422 naming
    /// the offending field otherwise. <paramref name="fieldPrefix"/> prefixes the field names (bulk create).
    /// </summary>
    public static async Task<(ChargerModelSnapshot Model, string ConnectorType)> ResolveModelAsync(
        ICatalogRepository catalog,
        string brandSlug,
        string modelSlug,
        string connectorType,
        CancellationToken cancellationToken,
        string fieldPrefix = "")
    {
        var brand = await catalog.GetBrandAsync(brandSlug, cancellationToken)
            ?? throw new RequestValidationException(fieldPrefix + "brand_slug", $"brand '{brandSlug}' is not in the catalog.");
        var model = await catalog.GetModelAsync(brandSlug, modelSlug, cancellationToken)
            ?? throw new RequestValidationException(fieldPrefix + "model_slug", $"model '{modelSlug}' is not a model of brand '{brandSlug}'.");
        var offered = model.ConnectorTypes.FirstOrDefault(t => string.Equals(t, connectorType, StringComparison.OrdinalIgnoreCase))
            ?? throw new RequestValidationException(
                fieldPrefix + "connector_type",
                $"connector_type '{connectorType}' is not offered by {model.Name}; choose one of: {string.Join(", ", model.ConnectorTypes)}.");
        return (model.Snapshot(brand.Name), offered);
    }
}
