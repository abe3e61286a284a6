using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace OcppLab.Tests.Shared;

/// <summary>
/// Child processes for the tests that run npm, node and the like: every process has a deadline
/// (killed with its whole tree when it passes it), and what it printed is kept for the failure
/// message. Linked into the test projects that need it (the conformance peer's npm ci, the SDK
/// tests' npm and node runs): test projects do not reference each other.
/// </summary>
public static class ChildProcess
{
    /// <summary>The repository root: the folder above the test assembly that holds OcppLab.sln.</summary>
    public static string RepositoryRoot => _root.Value;

    private static readonly Lazy<string> _root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OcppLab.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find the repository root (OcppLab.sln) above {AppContext.BaseDirectory}; these tests run from the source tree.");
    });

    /// <summary>What a finished process printed, stdout and stderr interleaved as they arrived.</summary>
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed, string Command, string WorkingDirectory)
    {
        /// <summary>This result, unless the exit code is not 0: then an exception with the command and its output.</summary>
        public Result EnsureSuccess() =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{Command} in {WorkingDirectory} exited with {ExitCode}. Output:\n{Output}");
    }

    /// <summary>
    /// A start for a child process with every standard stream redirected (UTF-8) and no shell:
    /// the caller reads stdout and stderr, and closes stdin when the process should see its end.
    /// </summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Runs <paramref name="file"/> to completion within <paramref name="deadline"/>; a process still
    /// running then is killed and reported. <see cref="Result.EnsureSuccess"/> fails on an exit code other than 0.
    /// </summary>
    public static async Task<Result> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var start = StartInfo(file, list, workingDirectory);

        // Quiet, deterministic npm: no colours, no update check, no audit or funding requests.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_audit"] = "false";
        start.Environment["npm_config_fund"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var gate = new Lock();
        void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                // Bounded: a runaway process cannot exhaust the test's memory.
                if (output.Length < 512 * 1024)
                {
                    output.AppendLine(line);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(deadline, cancellationToken);
            // The exit can be seen before the last lines of the pipes: wait for their end too.
            process.WaitForExit();
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            KillTree(process);
            string text;
            lock (gate)
            {
                text = output.ToString();
            }

            throw new TimeoutException($"{Describe(file, list)} in {workingDirectory} did not finish within {deadline.TotalSeconds:0} s and was killed. Output:\n{text}", ex);
        }

        lock (gate)
        {
            return new Result(process.ExitCode, output.ToString(), clock.Elapsed, Describe(file, list), workingDirectory);
        }
    }

    private static string Describe(string file, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { Path.GetFileName(file) }.Concat(arguments));

    /// <summary>
    /// A lock shared by every test process on the machine for one <paramref name="directory"/> (a
    /// file under the temp folder, opened exclusively), so parallel test runs of one source tree
    /// never run two <c>npm ci</c> in the same folder. Waits up to <paramref name="deadline"/>; dispose to release.
    /// </summary>
    public static async Task<FileStream> AcquireFileLockAsync(string purpose, string directory, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"ocpplab-{purpose}-npm-{key}.lock");
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    /// <summary>Kills a process with its whole tree if it still runs, ignoring one that has gone already.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
        }
    }

    /// <summary>Resolves an executable on PATH (with PATHEXT on Windows, where npm is npm.cmd).</summary>
    public static string? FindOnPath(string name)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [string.Empty];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories)
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory.Trim('"'), name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
