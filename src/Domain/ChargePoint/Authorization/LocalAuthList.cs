namespace OcppLab.Domain.ChargePoint.Authorization;

public enum UpdateOutcome
{
    Accepted,
    VersionMismatch,
    Failed,
}

/// <summary>The local authorization list the CSMS manages with SendLocalList.</summary>
public sealed class LocalAuthList
{
    private readonly Dictionary<string, IdTagInfo> _entries = new(StringComparer.Ordinal);

    public int Version { get; private set; }
    public int Count => _entries.Count;
    public IReadOnlyDictionary<string, IdTagInfo> Entries => _entries;

    public IdTagInfo? Find(string idTag) => _entries.GetValueOrDefault(idTag);

    public void Load(int version, IEnumerable<KeyValuePair<string, IdTagInfo>> entries)
    {
        _entries.Clear();
        foreach (var (tag, info) in entries)
        {
            _entries[tag] = info;
        }

        Version = version;
    }

    /// <summary>
    /// Applies SendLocalList. A differential update must carry a higher version than the list
    /// has; an entry without info in a differential update removes that tag.
    /// </summary>
    public UpdateOutcome Apply(int version, bool full, IReadOnlyList<(string IdTag, IdTagInfo? Info)> entries, int maxLength)
    {
        if (!full && version <= Version)
        {
            return UpdateOutcome.VersionMismatch;
        }

        var next = full ? new Dictionary<string, IdTagInfo>(StringComparer.Ordinal) : new Dictionary<string, IdTagInfo>(_entries, StringComparer.Ordinal);
        foreach (var (tag, info) in entries)
        {
            if (info is null)
            {
                if (full)
                {
                    return UpdateOutcome.Failed;
                }

                next.Remove(tag);
            }
            else
            {
                next[tag] = info;
            }
        }

        if (next.Count > maxLength)
        {
            return UpdateOutcome.Failed;
        }

        _entries.Clear();
        foreach (var (tag, info) in next)
        {
            _entries[tag] = info;
        }

        Version = version;
        return UpdateOutcome.Accepted;
    }

    /// <summary>Empties the list and resets its version to 0; returns how many entries it had.</summary>
    public int Clear()
    {
        var count = _entries.Count;
        _entries.Clear();
        Version = 0;
        return count;
    }
}
