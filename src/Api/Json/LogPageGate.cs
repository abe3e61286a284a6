namespace OcppLab.Api.Json;

/// <summary>
/// How many logs pages are written at once (<c>Logs:MaxConcurrentPages</c>, default half the cores,
/// at least one). Writing a page of large frames is CPU work (escaping up to a gigabyte of JSON); left
/// unbounded, eight at once on two cores starved everything else (<c>/health/live</c> at 1.5 s).
/// Further pages wait their turn without holding a thread or memory; a client that leaves stops waiting.
/// </summary>
public sealed class LogPageGate : IDisposable
{
    public const string ConfigurationKey = "Logs:MaxConcurrentPages";

    private readonly SemaphoreSlim _slots;

    public LogPageGate(IConfiguration configuration)
    {
        var max = configuration.GetValue(ConfigurationKey, Math.Max(1, Environment.ProcessorCount / 2));
        if (max is < 1 or > 1024)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be between 1 and 1024; it is {max}.");
        }

        Capacity = max;
        _slots = new SemaphoreSlim(max, max);
    }

    public int Capacity { get; }

    public void Dispose() => _slots.Dispose();

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
