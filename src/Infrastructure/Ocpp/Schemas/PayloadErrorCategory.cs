using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// The payload-error families of the OCPP-J error-code tables (1.6-J Table 7, 2.0.1 Part 4 Table 8).
/// Declared in order of precedence: when one payload breaks several rules, the lowest value picks the code.
/// </summary>
internal enum PayloadErrorCategory
{
    /// <summary>Not a JSON object at all: "payload syntactically incorrect".</summary>
    Format = 0,

    /// <summary>A required field is missing or an array has too few/many items: "occurrence constraint violated".</summary>
    Occurrence = 1,

    /// <summary>A field has the wrong JSON type, e.g. <c>"somestring": 12</c>.</summary>
    Type = 2,

    /// <summary>A value outside its lexical space: not in the enum, not matching a pattern or format (date-time, uri).</summary>
    Lexical = 3,

    /// <summary>A well-typed value breaking a constraint: too long, out of range, not a multiple, or an unknown field.</summary>
    Property = 4,
}

internal static class PayloadErrorCodes
{
    public const string NotImplemented = "NotImplemented";

    /// <summary>
    /// Spells the code the way the negotiated version's table does. The 1.6-J errata keep the typos
    /// FormationViolation and OccurenceConstraintViolation ("do not fix"); 2.0.1 corrected both.
    /// </summary>
    public static string For(OcppVersion version, PayloadErrorCategory category) => (version, category) switch
    {
        (OcppVersion.V16, PayloadErrorCategory.Format or PayloadErrorCategory.Lexical) => "FormationViolation",
        (OcppVersion.V201, PayloadErrorCategory.Format or PayloadErrorCategory.Lexical) => "FormatViolation",
        (OcppVersion.V16, PayloadErrorCategory.Occurrence) => "OccurenceConstraintViolation",
        (OcppVersion.V201, PayloadErrorCategory.Occurrence) => "OccurrenceConstraintViolation",
        (OcppVersion.V16 or OcppVersion.V201, PayloadErrorCategory.Type) => "TypeConstraintViolation",
        (OcppVersion.V16 or OcppVersion.V201, PayloadErrorCategory.Property) => "PropertyConstraintViolation",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unsupported OCPP version or error category."),
    };
}
