namespace OcppLab.Domain.ChargePoint.Authorization;

/// <summary>Id tag answers remembered from Authorize / transaction responses (cleared by ClearCache).</summary>
public sealed class AuthorizationCache
{
    private const int Capacity = 1000;
    private readonly Dictionary<string, IdTagInfo> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _entries.Count;

    public IdTagInfo? Find(string idTag) => _entries.GetValueOrDefault(idTag);

    public void Remember(string idTag, IdTagInfo info)
    {
        if (!_entries.ContainsKey(idTag))
        {
            _order.Enqueue(idTag);
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _entries.Remove(oldest);
            }
        }

        _entries[idTag] = info;
    }

    public int Clear()
    {
        var count = _entries.Count;
        _entries.Clear();
        _order.Clear();
        return count;
    }
}
