namespace OcppLab.Infrastructure.Ownership;

/// <summary>
/// Section <c>Ownership</c>: one gateway at a time runs the chargers of a database (the owner, by a
/// lease row with a heartbeat); any other gateway on the same database serves the API on standby.
/// </summary>
public sealed class OwnershipOptions
{
    public const string SectionName = "Ownership";

    /// <summary>How long the lease lasts without renewal: a standby takes over at most this long after the owner died.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the owner renews its lease and a standby tries to take it; null: a third of the lease.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>How often the owner compares the desired states in the database with its sessions (changes made through a standby).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Identifies this gateway in the lease; unique per process by default (host name, process id, random).</summary>
    public string NodeId { get; set; } = DefaultNodeId();

    internal TimeSpan EffectiveRenewInterval =>
        TimeSpan.FromTicks(Math.Max(RenewInterval?.Ticks ?? LeaseDuration.Ticks / 3, TimeSpan.TicksPerMillisecond * 50));

    /// <summary>
    /// The owner gives its lease up this long before it expires in the database: its chargers are
    /// closed before a standby may take over, even when renewals fail.
    /// </summary>
    internal TimeSpan SafetyMargin => TimeSpan.FromTicks(LeaseDuration.Ticks / 5);

    private static string DefaultNodeId()
    {
        var id = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        return id.Length <= RuntimeLease.OwnerMaxLength ? id : id[^RuntimeLease.OwnerMaxLength..];
    }
}
