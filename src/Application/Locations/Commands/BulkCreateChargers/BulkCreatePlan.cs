namespace OcppLab.Application.Locations.Commands.BulkCreateChargers;

/// <summary>
/// The fully resolved job, decided when the request is accepted (ids, identities, names), so that
/// running it again after a crash creates exactly the same chargers.
/// </summary>
public sealed record BulkCreatePlan(IReadOnlyList<PlannedCharger> Chargers);

public sealed record PlannedCharger(
    string ChargerId,
    string WorkflowRunId,
    string Identity,
    string Name,
    string BrandSlug,
    string ModelSlug,
    string ConnectorType,
    string WsUrl,
    string OcppVersion,
    int SecurityProfile,
    string? AuthorizationKey);

/// <summary>The <c>results</c> of a bulk job.</summary>
public sealed record BulkCreateResults(IReadOnlyList<CreatedCharger> Created, IReadOnlyList<FailedCharger> Failed);

public sealed record CreatedCharger(string ChargerId, string Identity);

public sealed record FailedCharger(string Identity, string Error);
