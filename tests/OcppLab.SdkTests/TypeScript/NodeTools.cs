using System.Diagnostics;
using System.Text;

namespace OcppLab.SdkTests.TypeScript;

/// <summary>
/// Runs npm and node for the TypeScript SDK tests: every process has a deadline (killed with its
/// whole tree when it passes it), and what it printed is kept for the failure message.
/// </summary>
public static class NodeTools
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

        throw new InvalidOperationException($"Could not find the repository root (OcppLab.sln) above {AppContext.BaseDirectory}; the TypeScript SDK is built from the source tree.");
    });

    public static string Npm => FindOnPath("npm") ?? throw new InvalidOperationException("The TypeScript SDK tests need npm (Node.js 20 or later): 'npm' was not found on PATH.");

    /// <summary>What a finished process printed, stdout and stderr interleaved as they arrived.</summary>
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="file"/> to completion within <paramref name="deadline"/>; a process still running then is killed and reported.</summary>
    public static async Task<Result> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
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

            throw new TimeoutException($"{Describe(file, arguments)} in {workingDirectory} did not finish within {deadline.TotalSeconds:0} s and was killed. Output:\n{text}", ex);
        }

        lock (gate)
        {
            return new Result(process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }

    /// <summary>As <see cref="RunAsync"/>, failing unless the exit code is 0.</summary>
    public static async Task<Result> RunCheckedAsync(
        string file,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(file, list, workingDirectory, deadline, environment, cancellationToken);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{Describe(file, list)} in {workingDirectory} exited with {result.ExitCode}. Output:\n{result.Output}");
    }

    private static string Describe(string file, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { Path.GetFileName(file) }.Concat(arguments));

    private static void KillTree(Process process)
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
    private static string? FindOnPath(string name)
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
