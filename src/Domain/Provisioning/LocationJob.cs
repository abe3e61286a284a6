using OcppLab.Domain.Chargers;

namespace OcppLab.Domain.Provisioning;

/// <summary>A durable bulk operation on a location (bulk charger creation).</summary>
public sealed class LocationJob
{
    public const string BulkCreateChargers = "bulk_create_chargers";

    private LocationJob()
    {
    }

    public Guid Id { get; private set; }
    public string OrganizationId { get; private set; } = string.Empty;
    public Guid LocationId { get; private set; }
    public string JobType { get; private set; } = BulkCreateChargers;
    public ProvisioningStatus Status { get; private set; }
    public string WorkflowRunId { get; private set; } = string.Empty;

    /// <summary>The validated request, as JSON, so the job can be resumed after a restart.</summary>
    public string RequestJson { get; private set; } = string.Empty;

    /// <summary>The <c>{created, failed}</c> outcome, as JSON.</summary>
    public string? ResultsJson { get; private set; }

    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }
    public bool? ErrorRetryable { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ProvisionedAt { get; private set; }

    public static LocationJob Create(
        string organizationId,
        Guid locationId,
        string requestJson,
        string workflowRunId,
        DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = organizationId,
        LocationId = locationId,
        JobType = BulkCreateChargers,
        Status = ProvisioningStatus.Provisioning,
        WorkflowRunId = workflowRunId,
        RequestJson = requestJson,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void RecordResults(string resultsJson, DateTimeOffset now)
    {
        ResultsJson = resultsJson;
        UpdatedAt = now;
    }

    public void Complete(DateTimeOffset now)
    {
        Status = ProvisioningStatus.Ready;
        ProvisionedAt = now;
        UpdatedAt = now;
    }

    public void Fail(StepFailure failure, DateTimeOffset now)
    {
        Status = ProvisioningStatus.Failed;
        ErrorCode = failure.Code;
        ErrorMessage = failure.Message;
        ErrorRetryable = failure.Retryable;
        UpdatedAt = now;
    }
}
