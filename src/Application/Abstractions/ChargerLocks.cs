namespace OcppLab.Application.Abstractions;

/// <summary>
/// The per-charger lock of the process's control commands: their read, write and act on the
/// desired state never overlap. The runtime's start, stop, restart and reconciliation of a charger
/// are serialised by the charger's grain (one turn at a time in the whole cluster), not by this lock.
/// An entry exists only while someone holds or waits for it, so the map never outgrows the
/// operations in progress (a deleted charger leaves nothing behind).
/// </summary>
public sealed class ChargerLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Charger ids with a holder or a waiter right now.</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits for the charger's lock; dispose the lease to release it.</summary>
    public async ValueTask<Lease> AcquireAsync(string chargerId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(chargerId, out entry!))
            {
                entry = new Entry();
                _entries[chargerId] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(chargerId, entry);
            throw;
        }

        return new Lease(this, chargerId, entry);
    }

    private void Leave(string chargerId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(chargerId);
                entry.Gate.Dispose();
            }
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    /// <summary>The held lock of one charger. Passed on to the runtime, it lets a holder act without taking it again.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly ChargerLocks _owner;
        private readonly Entry _entry;
        private int _released;

        internal Lease(ChargerLocks owner, string chargerId, Entry entry)
        {
            _owner = owner;
            _entry = entry;
            ChargerId = chargerId;
        }

        public string ChargerId { get; }

        /// <summary>Whether this lease (not yet released) holds <paramref name="chargerId"/>'s lock of <paramref name="locks"/>.</summary>
        public bool Holds(ChargerLocks locks, string chargerId) =>
            ReferenceEquals(locks, _owner) && Volatile.Read(ref _released) == 0 && string.Equals(chargerId, ChargerId, StringComparison.Ordinal);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _entry.Gate.Release();
                _owner.Leave(ChargerId, _entry);
            }
        }
    }
}
