namespace OcppLab.Domain.ChargePoint.Settings;

public enum SettingType
{
    Integer,
    Boolean,
    Text,

    /// <summary>A comma-separated list whose members must come from <see cref="SettingDefinition.AllowedValues"/> (1.6 CSL, 2.0.1 MemberList).</summary>
    MemberList,
}

public enum Mutability
{
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

/// <summary>
/// One configuration setting of the charge point, seen as a 1.6 configuration key, a 2.0.1
/// device-model variable, or both (when the two versions name the same behaviour).
/// </summary>
public sealed record SettingDefinition
{
    /// <summary>The value store's key; the 1.6 key where there is one.</summary>
    public required string Name { get; init; }

    public string? Key16 { get; init; }
    public string? Component { get; init; }
    public string? Variable { get; init; }
    public string? Instance { get; init; }
    public SettingType Type { get; init; } = SettingType.Text;
    public Mutability Mutability { get; init; } = Mutability.ReadWrite;
    public bool RebootRequired { get; init; }
    public int MinInteger { get; init; }
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>The factory default for a given charge point.</summary>
    public required Func<ChargePointSpec, string> Default { get; init; }

    /// <summary>A value computed from the live state instead of stored (e.g. the local list size).</summary>
    public Func<ChargePoint, string>? Live { get; init; }

    public bool ExistsIn16 => Key16 is not null;
    public bool ExistsIn201 => Component is not null && Variable is not null;

    /// <summary>Checks a value the CSMS wants to set; null when acceptable.</summary>
    public string? Problem(string value)
    {
        switch (Type)
        {
            case SettingType.Integer:
                if (!int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    return "not an integer";
                }

                return number < MinInteger ? $"must be at least {MinInteger}" : null;
            case SettingType.Boolean:
                return value is "true" or "false" or "True" or "False" ? null : "not true or false";
            case SettingType.MemberList:
                var members = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var unknown = members.Where(m => AllowedValues is not null && !AllowedValues.Contains(m, StringComparer.Ordinal)).ToList();
                return unknown.Count == 0 ? null : $"unknown member(s): {string.Join(", ", unknown)}";
            default:
                return value.Length > 500 ? "longer than 500 characters" : null;
        }
    }

    /// <summary>Canonical stored form (booleans lower-case, list members trimmed).</summary>
    public string Normalize(string value) => Type switch
    {
        SettingType.Boolean => value.ToLowerInvariant(),
        SettingType.MemberList => string.Join(',', value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
        _ => value,
    };
}
