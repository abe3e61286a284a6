using System.Globalization;

namespace OcppLab.Domain.ChargePoint.Settings;

/// <summary>
/// The charge point's setting values: factory defaults plus what the CSMS (or the user) changed.
/// Only the changes are kept, so they can be persisted as a small document.
/// </summary>
public sealed class ChargePointSettings
{
    private readonly ChargePointSpec _spec;
    private readonly Dictionary<string, string> _overrides;

    public ChargePointSettings(ChargePointSpec spec, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _spec = spec;
        _overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            // Overrides of settings that no longer exist are dropped, not failed on.
            if (SettingsCatalog.Find(name) is not null)
            {
                _overrides[name] = value;
            }
        }
    }

    /// <summary>Set when an override changed since the last <see cref="MarkSaved"/>.</summary>
    public bool HasUnsavedChanges { get; private set; }

    public IReadOnlyDictionary<string, string> Overrides => _overrides;

    public string Get(string name)
    {
        var definition = SettingsCatalog.Find(name) ?? throw new ArgumentException($"Unknown setting '{name}'.", nameof(name));
        return _overrides.TryGetValue(name, out var value) ? value : definition.Default(_spec);
    }

    public int GetInt(string name) =>
        int.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public bool GetBool(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> GetList(string name) =>
        Get(name).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Changes a setting as ChangeConfiguration / SetVariables would.</summary>
    public SetStatus TrySet(SettingDefinition definition, string value)
    {
        if (definition.Mutability == Mutability.ReadOnly || definition.Live is not null)
        {
            return SetStatus.Rejected;
        }

        if (definition.Problem(value) is not null)
        {
            return SetStatus.Rejected;
        }

        var normalized = definition.Normalize(value);
        if (!_overrides.TryGetValue(definition.Name, out var current) || current != normalized)
        {
            _overrides[definition.Name] = normalized;
            HasUnsavedChanges = true;
        }

        return definition.RebootRequired ? SetStatus.RebootRequired : SetStatus.Accepted;
    }

    /// <summary>Sets a value the charge point itself decides (e.g. the heartbeat interval from an accepted boot).</summary>
    public void SetInternal(string name, string value)
    {
        if (!_overrides.TryGetValue(name, out var current) || current != value)
        {
            _overrides[name] = value;
            HasUnsavedChanges = true;
        }
    }

    public void MarkSaved() => HasUnsavedChanges = false;
}
