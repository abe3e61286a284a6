using OcppLab.Application.Common.Contracts;

namespace OcppLab.Application.Chargers.Commands.CreateCharger;

/// <summary>The 202 answer to a create: where to follow provisioning.</summary>
public sealed record CreateChargerResult(
    string ChargerId,
    string Identity,
    ProvisioningStatusName Status,
    string StatusUrl,
    string WorkflowRunId);
