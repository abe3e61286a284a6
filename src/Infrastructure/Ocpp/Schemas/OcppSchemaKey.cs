using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>Identifies one schema: version, case-sensitive action name and message kind.</summary>
internal readonly record struct OcppSchemaKey(OcppVersion Version, string Action, OcppMessageKind Kind);
