using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OcppLab.Bench.Common;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static IReadOnlyList<(string Key, string Value)> Describe()
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var ram = memKb is null ? "unknown" : $"{long.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
        var os = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            ?? RuntimeInformation.OSDescription;
        return
        [
            ("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            ("cpu", cpu),
            ("cores", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("ram", ram),
            ("os", $"{os}, kernel {Run("uname", "-r")}"),
            (".NET", $"{RuntimeInformation.FrameworkDescription} (SDK {Run("dotnet", "--version")})"),
            ("open files limit", Run("sh", "-c \"ulimit -n\"")),
            ("source", Source()),
        ];
    }

    /// <summary>The commit measured, and whether src/ had uncommitted changes (the tree is shared with other work).</summary>
    private static string Source()
    {
        var root = Paths.RepoRoot();
        var commit = Run("git", $"-C \"{root}\" rev-parse --short HEAD");
        var dirty = Run("git", $"-C \"{root}\" status --porcelain -- src").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return dirty == 0 ? $"commit {commit}" : $"commit {commit} + {dirty} uncommitted file(s) under src/";
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];

    public static string Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return "?";
            }

            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
