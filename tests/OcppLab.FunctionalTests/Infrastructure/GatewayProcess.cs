using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// The built gateway in a process of its own (as <see cref="Operations.StandaloneProcessTests"/> runs
/// it), in a working directory of its own, with settings given as environment variables. It can be
/// stopped gracefully (SIGTERM) or killed (SIGKILL: no shutdown code runs at all).
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _workingDirectory;

    private readonly bool _ownsDirectory;

    private GatewayProcess(Process process, DirectoryInfo workingDirectory, bool ownsDirectory)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The directory the gateway runs in (its data/ folder is below it).</summary>
    public DirectoryInfo WorkingDirectory => _workingDirectory;

    /// <summary>Every line the gateway wrote to stdout and stderr.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public Uri? Address { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process's resident set size now, in bytes (Linux: VmRSS of /proc/{pid}/status).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found");
    }

    public int ExitCode => _process.ExitCode;

    public static Task<GatewayProcess> StartAsync(string name, IDictionary<string, string> settings, TimeSpan timeout) =>
        StartAsync(name, Directory.CreateTempSubdirectory($"ocpplab-{name}-"), ownsDirectory: true, settings, timeout, umask: null);

    /// <summary>
    /// Starts the gateway in <paramref name="workingDirectory"/> (left in place when the process is
    /// disposed: the caller owns it), under <paramref name="umask"/> when given (through /bin/sh, so
    /// the umask is the process's own), with no settings but what the shipped appsettings.json says.
    /// </summary>
    public static Task<GatewayProcess> StartInAsync(DirectoryInfo workingDirectory, TimeSpan timeout, string? umask = null) =>
        StartAsync(workingDirectory.Name, workingDirectory, ownsDirectory: false, new Dictionary<string, string>(), timeout, umask);

    private static async Task<GatewayProcess> StartAsync(string name, DirectoryInfo workingDirectory, bool ownsDirectory, IDictionary<string, string> settings, TimeSpan timeout, string? umask)
    {
        var api = Path.Combine(AppContext.BaseDirectory, "OcppLab.Api.dll");
        var start = new ProcessStartInfo(umask is null ? "dotnet" : "/bin/sh")
        {
            WorkingDirectory = workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (umask is null)
        {
            start.ArgumentList.Add(api);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
        }
        else
        {
            // exec: the shell becomes the gateway, so signals and the exit code are the gateway's.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"umask {umask} && exec dotnet \"$0\" --urls http://127.0.0.1:0");
            start.ArgumentList.Add(api);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var gateway = new GatewayProcess(Process.Start(start)!, workingDirectory, ownsDirectory);
        gateway._process.OutputDataReceived += gateway.Collect;
        gateway._process.ErrorDataReceived += gateway.Collect;
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        try
        {
            await Eventually.UntilAsync(
                () => Task.FromResult(gateway.Address is not null || gateway.HasExited),
                timeout,
                because: $"gateway {name} logs the address it listens on");
            if (gateway.Address is null)
            {
                Assert.Fail($"Gateway {name} exited with {gateway.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, gateway.Lines)}");
            }
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: the process ends at once, without stopping a session or releasing anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the graceful stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var exit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(exit.Token);
        return _process.ExitCode;
    }

    public string Output => string.Join(Environment.NewLine, Lines);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        Lines.Enqueue(e.Data);
        if (Address is null && ListeningOn().Match(e.Data) is { Success: true } match)
        {
            Address = new Uri(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
