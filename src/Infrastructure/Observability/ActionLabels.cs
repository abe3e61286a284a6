using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.Infrastructure.Observability;

/// <summary>
/// Action names as metric label values and statistics keys. The CSMS chooses the action of its CALLs, so
/// using them as they come would let it mint a series per name (every tenant shares the exporter's series
/// cap); only the version's own actions (those with both schemas in the catalog) are kept, the rest are one
/// bucket.
/// </summary>
public static class ActionLabels
{
    /// <summary>Every action the version does not define. Cannot collide with an OCPP action (those are PascalCase).</summary>
    public const string Other = "other";

    public static string For(OcppVersion version, string action) =>
        OcppSchemaCatalog.Embedded.HasAction(version, action) ? action : Other;
}
