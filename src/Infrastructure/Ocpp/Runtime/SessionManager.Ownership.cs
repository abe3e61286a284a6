using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.Chargers;
using OcppLab.Infrastructure.Ownership;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Runtime ownership: one gateway at a time runs the chargers of a database. The owner renews a
/// lease row every renew interval; a standby tries to take it at the same pace and succeeds once it
/// has expired (or was released). While it owns the lease, a term runs: recovery of the fleet, then
/// reconciliation of the sessions with the stored desired states (changes made through a standby).
/// Losing the lease, or failing to renew it before its safety margin, ends the term and stops every
/// session at once; the gateway then is a standby until it can take the lease again.
/// </summary>
public sealed partial class SessionManager
{
    private readonly RuntimeOwnership _ownership;
    private readonly OwnershipOptions _ownershipOptions;
    private Task _ownershipLoop = Task.CompletedTask;
    private CancellationTokenSource? _term;
    private Task _termTask = Task.CompletedTask;

    private async Task AcquireAtStartAsync(CancellationToken cancellationToken)
    {
        if (_cluster.IsMultiNode)
        {
            // Every node of a cluster runs chargers; the grains' single activation, not the lease,
            // keeps a charger to one connection.
            _ownership.JoinCluster();
            _logger.LogInformation(
                "This gateway ({NodeId}) is a node of cluster {ClusterId}: it runs the chargers whose grains it hosts (no runtime lease)",
                _ownership.NodeId, _cluster.ClusterId);
            BeginTerm();
            return;
        }

        try
        {
            var lease = await _ownership.TryAcquireAsync(cancellationToken);
            if (lease.Held)
            {
                _logger.LogInformation(
                    "This gateway ({NodeId}) owns the charger runtime of the database until {Expiry} (renewed every {RenewInterval})",
                    _ownership.NodeId, lease.ExpiresAt, _ownershipOptions.EffectiveRenewInterval);
                BeginTerm();
            }
            else
            {
                _logger.LogWarning(
                    "This gateway is on standby: the database is owned by {Owner} until {Expiry}; it serves the API but runs no chargers, and takes over if the owner stops renewing",
                    lease.Owner, lease.ExpiresAt);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Taking the runtime lease failed; this gateway is on standby and tries again every {RenewInterval}", _ownershipOptions.EffectiveRenewInterval);
        }
    }

    private async Task OwnershipLoopAsync(CancellationToken cancellationToken)
    {
        if (_cluster.IsMultiNode)
        {
            return;
        }

        var renewInterval = _ownershipOptions.EffectiveRenewInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = renewInterval;
            try
            {
                await Task.Delay(wait, _time, cancellationToken);
                if (_term is not null)
                {
                    await KeepOwnershipAsync(cancellationToken);
                }
                else
                {
                    await TryTakeOverAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "The runtime ownership loop failed; it goes on");
            }
        }
    }

    /// <summary>
    /// Renews the lease, giving up no later than the local deadline: a renewal stuck on a locked or
    /// unreachable database, or a process that was paused, must not leave chargers running after a
    /// standby may have taken over.
    /// </summary>
    private async Task KeepOwnershipAsync(CancellationToken cancellationToken)
    {
        var remaining = _ownership.OwnUntil - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            await LoseOwnershipAsync("its lease expired before it was renewed (was the process paused?)");
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = _ownership.RenewAsync(deadline.Token);
        var timeout = Task.Delay(remaining, _time, deadline.Token);
        var first = await Task.WhenAny(renewal, timeout);
        await deadline.CancelAsync();
        if (first == timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = renewal.ContinueWith(t => t.Exception, TaskScheduler.Default);
            await LoseOwnershipAsync("renewing its lease did not finish before the lease's safety margin");
            return;
        }

        try
        {
            if (!await renewal)
            {
                await LoseOwnershipAsync("another gateway has taken the lease");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Still the owner until the deadline; the next renewal may succeed.
            _logger.LogWarning(ex, "Renewing the runtime lease failed; chargers stop at {Deadline} unless a renewal succeeds", _ownership.OwnUntil);
            if (_ownership.OwnUntil <= _time.GetUtcNow())
            {
                await LoseOwnershipAsync("its lease could not be renewed in time");
            }
        }
    }

    private async Task TryTakeOverAsync(CancellationToken cancellationToken)
    {
        var lease = await _ownership.TryAcquireAsync(cancellationToken);
        if (!lease.Held)
        {
            return;
        }

        _logger.LogWarning(
            "This gateway ({NodeId}) took over the charger runtime of the database (lease until {Expiry}); recovering the fleet",
            _ownership.NodeId, lease.ExpiresAt);
        BeginTerm();
    }

    private void BeginTerm()
    {
        var term = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        _term = term;
        _termTask = Task.Run(() => OwnerTermAsync(term.Token), CancellationToken.None);
    }

    /// <summary>Ends the current term (recovery, reconciliation) and waits for it.</summary>
    private async Task EndTermAsync()
    {
        if (_term is not { } term)
        {
            return;
        }

        await term.CancelAsync();
        try
        {
            await _termTask;
        }
        catch (OperationCanceledException)
        {
        }

        _term = null;
        term.Dispose();
    }

    /// <summary>Stops every charger at once (never two gateways running one), then waits on standby.</summary>
    private async Task LoseOwnershipAsync(string reason)
    {
        _ownership.StepDown(null, null);
        _logger.LogError("This gateway lost the charger runtime lease: {Reason}; stopping its {Count} charger runtime(s) and going on standby", reason, _sessions.Count);
        await EndTermAsync();
        await StopSessionsAsync();
        try
        {
            await _ownership.RefreshAsync(_shutdown.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Reading the runtime lease failed");
        }

        var status = _ownership.Status;
        _logger.LogWarning(
            "This gateway is on standby: the database is owned by {Owner} until {Expiry}; it serves the API but runs no chargers until it can take the lease again",
            status.Owner, status.ExpiresAt);
    }

    private async Task ReleaseLeaseAsync()
    {
        if (_cluster.IsMultiNode)
        {
            return;
        }

        try
        {
            if (await _ownership.ReleaseAsync(CancellationToken.None))
            {
                _logger.LogInformation("Released the charger runtime lease: another gateway on this database may take over at once");
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Releasing the charger runtime lease failed; another gateway takes over once it expires");
        }
    }

    private async Task OwnerTermAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await RecoverAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Reconciliation brings up whatever recovery did not.
                _logger.LogError(ex, "Recovering the charger runtimes failed; reconciliation starts them within {Interval}", _ownershipOptions.ReconcileInterval);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                await NextReconcileAsync(cancellationToken);
                try
                {
                    await ReconcileAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Reconciling the charger runtimes with their desired states failed; retrying in {Interval}", _ownershipOptions.ReconcileInterval);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Brings the sessions in line with the database: starts provisioned chargers that should run,
    /// stops those that should not (or were deleted), restarts those whose restart epoch moved. Each
    /// decision is taken again in the charger's grain turn against a fresh read, so a start or stop
    /// through the API in the meantime (saved before its own grain call) is never undone.
    /// </summary>
    internal async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, (ProvisioningStatus Status, int Epoch)> wanted;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
            wanted = (await db.Chargers.AsNoTracking()
                    .Where(c => c.DesiredState == DesiredState.Running)
                    .Select(c => new { c.Id, c.ProvisioningStatus, c.RestartEpoch })
                    .ToListAsync(cancellationToken))
                .ToDictionary(c => c.Id, c => (c.ProvisioningStatus, c.RestartEpoch), StringComparer.Ordinal);
        }

        var running = _sessions.Keys.ToHashSet(StringComparer.Ordinal);
        var toStart = ClusterShare(wanted.Where(w => w.Value.Status == ProvisioningStatus.Ready && !running.Contains(w.Key)).Select(w => w.Key).ToList(), wanted);
        var toStop = running.Where(id => !wanted.ContainsKey(id)).ToList();
        var toRestart = running
            .Where(id => wanted.TryGetValue(id, out var w) && _epochs.TryGetValue(id, out var epoch) && epoch != w.Epoch)
            .ToList();
        if (toStart.Count + toStop.Count + toRestart.Count == 0)
        {
            return;
        }

        _logger.LogInformation(
            "Reconciling with the stored desired states: starting {Start}, stopping {Stop}, restarting {Restart} charger runtime(s)",
            toStart.Count, toStop.Count, toRestart.Count);
        await Parallel.ForEachAsync(
            toStart.Concat(toStop).Concat(toRestart),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RecoveryParallelism), CancellationToken = cancellationToken },
            async (id, token) =>
            {
                try
                {
                    await Grain(id).ReconcileAsync(token);
                    if (wanted.TryGetValue(id, out var w))
                    {
                        NoteReconciled(id, w.Epoch);
                    }
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Reconciling charger {ChargerId} failed", id);
                }
            });
    }
}
