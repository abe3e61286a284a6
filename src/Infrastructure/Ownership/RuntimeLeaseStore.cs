using Microsoft.EntityFrameworkCore;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Ownership;

/// <summary>
/// Acquires, renews and releases a lease row with conditional statements only, so that two nodes
/// racing for it can never both win: the database decides, row by row.
/// </summary>
public sealed class RuntimeLeaseStore(OcppLabDbContext db)
{
    /// <summary>
    /// Takes the lease when it is free, expired or already ours (then it is extended), and reports
    /// who holds it afterwards.
    /// </summary>
    public async Task<LeaseSnapshot> TryAcquireAsync(string name, string nodeId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = now + duration;

        // Every right-hand side sees the row as it was: AcquiredAt changes only when the owner does.
        var rows = await db.RuntimeLeases
            .Where(l => l.Name == name && (l.OwnerId == nodeId || l.ExpiresAt < now))
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(l => l.AcquiredAt, l => l.OwnerId == nodeId ? l.AcquiredAt : now)
                    .SetProperty(l => l.OwnerId, nodeId)
                    .SetProperty(l => l.ExpiresAt, until),
                cancellationToken);
        if (rows == 0 && !await db.RuntimeLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            db.RuntimeLeases.Add(new RuntimeLease(name, nodeId, now, until));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                rows = 1;
            }
            catch (DbUpdateException)
            {
                // Another node inserted the row first: it holds the lease.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        var current = await db.RuntimeLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
        return new LeaseSnapshot(rows == 1 && current?.OwnerId == nodeId, current?.OwnerId, current?.ExpiresAt);
    }

    /// <summary>Extends the lease if this node still holds it; false when another node has taken it.</summary>
    public async Task<bool> RenewAsync(string name, string nodeId, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = now + duration;
        var rows = await db.RuntimeLeases
            .Where(l => l.Name == name && l.OwnerId == nodeId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken);
        return rows == 1;
    }

    /// <summary>Ends the lease at once if this node holds it, so that a successor need not wait for it to expire.</summary>
    public async Task<bool> ReleaseAsync(string name, string nodeId, CancellationToken cancellationToken)
    {
        var rows = await db.RuntimeLeases
            .Where(l => l.Name == name && l.OwnerId == nodeId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTimeOffset.UnixEpoch), cancellationToken);
        return rows == 1;
    }

    public async Task<LeaseSnapshot> ReadAsync(string name, string nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await db.RuntimeLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
        return current is null || current.ExpiresAt < now
            ? new LeaseSnapshot(false, null, null)
            : new LeaseSnapshot(current.OwnerId == nodeId, current.OwnerId, current.ExpiresAt);
    }
}
