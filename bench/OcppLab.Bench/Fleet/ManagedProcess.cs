using System.Diagnostics;

namespace OcppLab.Bench.Fleet;

/// <summary>
/// A child process (the gateway, the CSMS) started with <c>exec</c> behind <c>sh</c>, so that its pid is
/// the .NET process itself (for /proc readings) and its output goes straight to a file.
/// </summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;

    private ManagedProcess(Process process, string name, string logFile)
    {
        _process = process;
        Name = name;
        LogFile = logFile;
        StartedAt = Stopwatch.GetTimestamp();
    }

    public string Name { get; }
    public string LogFile { get; }
    public long StartedAt { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ManagedProcess Start(string name, string dll, IEnumerable<string> arguments, IDictionary<string, string> environment, string workingDirectory, string logFile)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec \"$0\" \"$@\" >> '{logFile}' 2>&1");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {name}.");
        return new ManagedProcess(process, name, logFile);
    }

    /// <summary>SIGTERM (a graceful stop, as systemd or Ctrl+C would), then waits; SIGKILL after the timeout.</summary>
    public async Task<(TimeSpan Took, bool Graceful)> StopAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (_process.HasExited)
        {
            return (TimeSpan.Zero, true);
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return (Stopwatch.GetElapsedTime(started), true);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return (Stopwatch.GetElapsedTime(started), false);
        }
    }

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
