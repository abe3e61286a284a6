using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OcppLab.Bench.Common;

/// <summary>Collects results as "metric | value | target | verdict" rows, then writes results.md and results.json.</summary>
internal sealed class Report(string title, string directory)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, object?> _raw = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public void Add(string metric, string value, string target = "", bool? met = null)
    {
        _rows.Add(new Row(metric, value, target, met switch { true => "met", false => "MISSED", null => "" }));
        Console.WriteLine($"  {metric}: {value}{(target.Length > 0 ? $"   [target {target}: {(met == true ? "met" : met == false ? "MISSED" : "-")}]" : string.Empty)}");
    }

    public void Note(string text)
    {
        _notes.Add(text);
        Console.WriteLine($"  note: {text}");
    }

    public void Raw(string key, object? value) => _raw[key] = value;

    public object? RawValue(string key) => _raw.GetValueOrDefault(key);

    public static string N(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public string Write()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        md.AppendLine();
        md.AppendLine("| machine | |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in Machine.Describe())
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("| metric | measured | target | verdict |");
        md.AppendLine("|---|---|---|---|");
        foreach (var row in _rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Metric} | {row.Value} | {row.Target} | {row.Verdict} |");
        }

        if (_notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in _notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        var text = md.ToString();
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "results.md"), text);
        File.WriteAllText(
            Path.Combine(Directory, "results.json"),
            JsonSerializer.Serialize(new { title, rows = _rows, notes = _notes, raw = _raw }, Indented));
        return text;
    }

    private sealed record Row(string Metric, string Value, string Target, string Verdict);
}

internal static class Paths
{
    /// <summary>The repository root: the first folder upwards that holds OcppLab.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OcppLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OcppLab.sln not found above " + AppContext.BaseDirectory);
    }

    public static string NewResultsDirectory(string kind)
    {
        var dir = Path.Combine(RepoRoot(), "bench", "results", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{kind}");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
