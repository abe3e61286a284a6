using System.Globalization;

namespace OcppLab.Bench.Common;

/// <summary><c>--name value</c> and <c>--flag</c> arguments; <c>--env KEY=VALUE</c> may repeat.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public BenchOptions(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    Add(pending, "true");
                }

                pending = arg[2..];
                var eq = pending.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    Add(pending[..eq], pending[(eq + 1)..]);
                    pending = null;
                }
            }
            else if (pending is not null)
            {
                Add(pending, arg);
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        if (pending is not null)
        {
            Add(pending, "true");
        }
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v[^1], NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var v) ? v[^1] : fallback;

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v[^1] != "false";

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
    }
}
