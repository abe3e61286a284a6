using System.Globalization;

namespace OcppLab.Bench.Common;

/// <summary>Readings of another process from /proc.</summary>
internal static class ProcInfo
{
    private static readonly Lazy<int> ClockTicks = new(() =>
        int.TryParse(Machine.Run("getconf", "CLK_TCK"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var hz) && hz > 0 ? hz : 100);

    /// <summary>VmRSS in KiB.</summary>
    public static long RssKb(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>VmHWM (peak RSS) in KiB.</summary>
    public static long PeakRssKb(int pid) => StatusField(pid, "VmHWM:");

    public static long Threads(int pid) => StatusField(pid, "Threads:");

    /// <summary>
    /// The kernel's TcpExt ListenOverflows counter (machine-wide, since boot): connections dropped
    /// because a listening socket's accept queue was full. Their SYNs are retried a second later.
    /// </summary>
    public static long ListenOverflows()
    {
        const string Path = "/proc/net/netstat";
        if (!File.Exists(Path))
        {
            return -1;
        }

        var lines = File.ReadAllLines(Path);
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            if (!lines[i].StartsWith("TcpExt:", StringComparison.Ordinal))
            {
                continue;
            }

            var names = lines[i].Split(' ');
            var values = lines[i + 1].Split(' ');
            var index = Array.IndexOf(names, "ListenOverflows");
            return index > 0 && index < values.Length && long.TryParse(values[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
        }

        return -1;
    }

    public static int OpenFiles(int pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>utime + stime in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name may contain spaces; the fields after it are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / (double)ClockTicks.Value;
    }

    private static long StatusField(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}

/// <summary>CPU use of a process over a window, as a percentage of one core.</summary>
internal sealed class CpuWindow
{
    private readonly int _pid;
    private readonly double _cpuStart;
    private readonly long _ticksStart = System.Diagnostics.Stopwatch.GetTimestamp();

    public CpuWindow(int pid)
    {
        _pid = pid;
        _cpuStart = ProcInfo.CpuSeconds(pid);
    }

    public double Seconds => System.Diagnostics.Stopwatch.GetElapsedTime(_ticksStart).TotalSeconds;

    public double PercentOfOneCore() => (ProcInfo.CpuSeconds(_pid) - _cpuStart) / Seconds * 100;
}

/// <summary>Whole-machine CPU use over a window (all processes, /proc/stat), in cores busy.</summary>
internal sealed class SystemCpuWindow
{
    private readonly (long Busy, long Total) _start = Read();

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Cores busy on average (0 … processor count).</summary>
    public double CoresBusy()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        return total <= 0 ? 0 : (end.Busy - _start.Busy) / (double)total * Environment.ProcessorCount;
    }

    private static (long Busy, long Total) Read()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal (guest time is already in user).
        var total = cpu.Take(8).Sum();
        var idle = cpu[3] + cpu[4];
        return (total - idle, total);
    }
}

internal static class Ports
{
    /// <summary>A loopback port that is free now (the OS picks it), so that runs never meet another process's server.</summary>
    public static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
