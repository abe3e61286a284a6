namespace OcppLab.Application.Common.Contracts;

/// <summary>Why a workflow failed, and whether running it again could succeed.</summary>
public sealed record ErrorInfo(string Code, string Message, bool Retryable);
