namespace OcppLab.Domain.Provisioning;

/// <summary>Why a step attempt failed, and whether trying again could help.</summary>
public sealed record StepFailure(string Code, string Message, bool Retryable);
