using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OcppLab.Infrastructure.Ownership;

/// <summary>
/// This gateway's role for the database's charger runtime: owner (it runs the chargers) or standby
/// (it serves the API only). The session manager drives the lease through it; the API reads the role.
/// </summary>
public sealed class RuntimeOwnership(IServiceScopeFactory scopes, IOptions<OwnershipOptions> options, TimeProvider time)
{
    private readonly OwnershipOptions _options = options.Value;
    private readonly Lock _gate = new();
    private bool _owner;
    private DateTimeOffset _ownUntil;
    private string? _knownOwner;
    private DateTimeOffset? _knownExpiry;

    public string NodeId => _options.NodeId;

    /// <summary>
    /// Whether this gateway may run chargers now: it holds the lease and, by its own clock, the lease
    /// has not come within the safety margin of its expiry (a paused or cut-off owner stops by itself).
    /// </summary>
    public bool IsOwner
    {
        get
        {
            lock (_gate)
            {
                return _owner && time.GetUtcNow() < _ownUntil;
            }
        }
    }

    /// <summary>The role as the API reports it.</summary>
    public OwnershipStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _owner
                    ? new OwnershipStatus(true, NodeId, NodeId, _knownExpiry)
                    : new OwnershipStatus(false, NodeId, _knownOwner, _knownExpiry);
            }
        }
    }

    /// <summary>Why a command that needs the charger's live session cannot be served here.</summary>
    public string StandbyMessage(string chargerId)
    {
        var status = Status;
        return status.Owner is { } owner
            ? $"This gateway is on standby: the runtime of charger {chargerId} runs on gateway {owner}; send the request there."
            : $"This gateway is on standby: the runtime of charger {chargerId} runs on the gateway that owns the database; send the request there.";
    }

    internal async Task<LeaseSnapshot> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var snapshot = await WithStoreAsync(store => store.TryAcquireAsync(RuntimeLease.ChargerRuntime, NodeId, started, _options.LeaseDuration, cancellationToken));
        lock (_gate)
        {
            _owner = snapshot.Held;
            _knownOwner = snapshot.Owner;
            _knownExpiry = snapshot.ExpiresAt;
            if (snapshot.Held)
            {
                _ownUntil = LocalDeadline(started);
            }
        }

        return snapshot;
    }

    /// <summary>Extends the lease; false when another gateway has taken it (this one then is on standby).</summary>
    internal async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        // Measured before the statement: the database's expiry is at least this late.
        var started = time.GetUtcNow();
        var renewed = await WithStoreAsync(store => store.RenewAsync(RuntimeLease.ChargerRuntime, NodeId, started, _options.LeaseDuration, cancellationToken));
        lock (_gate)
        {
            if (renewed && _owner)
            {
                _ownUntil = LocalDeadline(started);
                _knownExpiry = started + _options.LeaseDuration;
            }
        }

        return renewed;
    }

    /// <summary>
    /// A node of a multi-node cluster runs chargers for as long as it lives: membership decides
    /// where a charger's grain (and so its session) is, not a lease.
    /// </summary>
    internal void JoinCluster()
    {
        lock (_gate)
        {
            _owner = true;
            _ownUntil = DateTimeOffset.MaxValue;
            _knownOwner = NodeId;
            _knownExpiry = null;
        }
    }

    /// <summary>Gives up the right to run chargers locally (the lease row is left to expire or to be released).</summary>
    internal void StepDown(string? newOwner, DateTimeOffset? newExpiry)
    {
        lock (_gate)
        {
            _owner = false;
            _knownOwner = newOwner;
            _knownExpiry = newExpiry;
        }
    }

    /// <summary>Reads who holds the lease now, for a standby's reports (it does not try to take it).</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await WithStoreAsync(store => store.ReadAsync(RuntimeLease.ChargerRuntime, NodeId, time.GetUtcNow(), cancellationToken));
        lock (_gate)
        {
            if (!_owner)
            {
                _knownOwner = snapshot.Owner;
                _knownExpiry = snapshot.ExpiresAt;
            }
        }
    }

    /// <summary>Ends the lease in the database now, so that a standby takes over without waiting for it to expire.</summary>
    internal async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        StepDown(null, null);
        return await WithStoreAsync(store => store.ReleaseAsync(RuntimeLease.ChargerRuntime, NodeId, cancellationToken));
    }

    /// <summary>When the lease the owner holds must be treated as gone by this node.</summary>
    internal DateTimeOffset OwnUntil
    {
        get
        {
            lock (_gate)
            {
                return _ownUntil;
            }
        }
    }

    private DateTimeOffset LocalDeadline(DateTimeOffset renewedAt) => renewedAt + _options.LeaseDuration - _options.SafetyMargin;

    private async Task<T> WithStoreAsync<T>(Func<RuntimeLeaseStore, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<RuntimeLeaseStore>());
    }
}

/// <summary>What <c>/health/ready</c> says about the runtime: this node's role, the lease holder and its expiry.</summary>
public sealed record OwnershipStatus(bool IsOwner, string NodeId, string? Owner, DateTimeOffset? ExpiresAt);
