namespace OcppLab.Domain.ChargePoint.Authorization;

/// <summary>What is known of an id tag: its status, expiry and parent (group) tag.</summary>
public sealed record IdTagInfo(AuthorizationStatus Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null)
{
    public bool IsValidAt(DateTimeOffset now) => Status == AuthorizationStatus.Accepted && (ExpiryDate is null || ExpiryDate > now);
}
