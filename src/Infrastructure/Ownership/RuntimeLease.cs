namespace OcppLab.Infrastructure.Ownership;

/// <summary>
/// A row of <c>runtime_leases</c>: who runs the chargers of this database and until when. It is only
/// ever changed by conditional UPDATEs (<see cref="RuntimeLeaseStore"/>), never loaded and saved.
/// </summary>
public sealed class RuntimeLease
{
    public const int NameMaxLength = 64;
    public const int OwnerMaxLength = 128;

    /// <summary>The one lease the gateway uses today: the charger runtime of the whole database.</summary>
    public const string ChargerRuntime = "charger-runtime";

    public RuntimeLease(string name, string ownerId, DateTimeOffset acquiredAt, DateTimeOffset expiresAt)
    {
        Name = name;
        OwnerId = ownerId;
        AcquiredAt = acquiredAt;
        ExpiresAt = expiresAt;
    }

    public string Name { get; private set; }
    public string OwnerId { get; private set; }
    public DateTimeOffset AcquiredAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
}

/// <summary>The lease as one node sees it after an acquire or renew: whether it holds it, and the holder's expiry.</summary>
public sealed record LeaseSnapshot(bool Held, string? Owner, DateTimeOffset? ExpiresAt);
