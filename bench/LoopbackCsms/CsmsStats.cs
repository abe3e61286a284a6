using System.Collections.Concurrent;

namespace OcppLab.Bench.Csms;

/// <summary>
/// Lock-free counters of everything the CSMS saw. A "window" (reset with POST /mark) isolates one
/// phase of a benchmark, e.g. the boot storm after a gateway restart.
/// </summary>
public sealed class CsmsStats
{
    private readonly ConcurrentDictionary<string, long> _callsByAction = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _booted = new(StringComparer.Ordinal);
    private Window _window = new(Clock.UnixMs());
    private long _open;
    private long _connections;
    private long _framesIn;
    private long _framesOut;
    private long _boots;
    private long _bootsV16;
    private long _bootsV201;
    private long _probeAnswers;

    public void Connected()
    {
        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _connections);
        _window.Connected();
    }

    public void Disconnected()
    {
        Interlocked.Decrement(ref _open);
        _window.Disconnected();
    }

    public void FrameIn() => Interlocked.Increment(ref _framesIn);

    public void FrameOut() => Interlocked.Increment(ref _framesOut);

    public void ProbeAnswered() => Interlocked.Increment(ref _probeAnswers);

    public void Call(string action) => _callsByAction.AddOrUpdate(action, 1, static (_, n) => n + 1);

    public void Boot(string identity, bool v201)
    {
        Interlocked.Increment(ref _boots);
        Interlocked.Increment(ref v201 ? ref _bootsV201 : ref _bootsV16);
        _booted.TryAdd(identity, 0);
        _window.Boot(identity);
    }

    public void Mark() => _window = new Window(Clock.UnixMs());

    public object Snapshot()
    {
        var window = _window;
        return new
        {
            now_unix_ms = Clock.UnixMs(),
            connections_open = Interlocked.Read(ref _open),
            connections_total = Interlocked.Read(ref _connections),
            frames_in = Interlocked.Read(ref _framesIn),
            frames_out = Interlocked.Read(ref _framesOut),
            boots = Interlocked.Read(ref _boots),
            boots_v16 = Interlocked.Read(ref _bootsV16),
            boots_v201 = Interlocked.Read(ref _bootsV201),
            booted_identities = _booted.Count,
            probe_answers = Interlocked.Read(ref _probeAnswers),
            calls_by_action = _callsByAction.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            window = window.Snapshot(),
        };
    }

    private sealed class Window(double startUnixMs)
    {
        private readonly ConcurrentDictionary<string, byte> _booted = new(StringComparer.Ordinal);
        private long _boots;
        private long _connects;
        private long _disconnects;
        private long _firstBootTicks = long.MaxValue;
        private long _lastBootTicks = long.MinValue;
        private long _firstConnectTicks = long.MaxValue;
        private long _lastConnectTicks = long.MinValue;

        public void Connected()
        {
            Interlocked.Increment(ref _connects);
            var now = DateTime.UtcNow.Ticks;
            Min(ref _firstConnectTicks, now);
            Max(ref _lastConnectTicks, now);
        }

        public void Disconnected() => Interlocked.Increment(ref _disconnects);

        public void Boot(string identity)
        {
            Interlocked.Increment(ref _boots);
            _booted.TryAdd(identity, 0);
            var now = DateTime.UtcNow.Ticks;
            Min(ref _firstBootTicks, now);
            Max(ref _lastBootTicks, now);
        }

        public object Snapshot() => new
        {
            start_unix_ms = startUnixMs,
            boots = Interlocked.Read(ref _boots),
            booted_identities = _booted.Count,
            connects = Interlocked.Read(ref _connects),
            disconnects = Interlocked.Read(ref _disconnects),
            first_boot_unix_ms = ToUnixMs(Interlocked.Read(ref _firstBootTicks)),
            last_boot_unix_ms = ToUnixMs(Interlocked.Read(ref _lastBootTicks)),
            first_connect_unix_ms = ToUnixMs(Interlocked.Read(ref _firstConnectTicks)),
            last_connect_unix_ms = ToUnixMs(Interlocked.Read(ref _lastConnectTicks)),
        };

        private static double? ToUnixMs(long ticks) =>
            ticks is long.MaxValue or long.MinValue ? null : (ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

        private static void Min(ref long target, long value)
        {
            long current;
            while (value < (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }

        private static void Max(ref long target, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}

public static class Clock
{
    private static long _second;
    private static string _text = string.Empty;

    public static double UnixMs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>RFC 3339 UTC, refreshed once a second (every reply carries it).</summary>
    public static string CurrentTime()
    {
        var now = DateTime.UtcNow;
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        if (second != Volatile.Read(ref _second))
        {
            var text = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            Volatile.Write(ref _text, text);
            Volatile.Write(ref _second, second);
            return text;
        }

        return Volatile.Read(ref _text);
    }
}
