using System.Text;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>One schema violation.</summary>
/// <param name="Path">JSON pointer (RFC 6901) into the payload, e.g. <c>/chargingStation/model</c>; <c>""</c> is the payload itself.</param>
/// <param name="Message">Human-readable reason, e.g. <c>value is longer than 20 characters</c>.</param>
/// <param name="Keyword">The JSON-schema keyword that failed (<c>required</c>, <c>maxLength</c>, …), for logs and diagnostics.</param>
public sealed record SchemaValidationError(string Path, string Message, string Keyword)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>The outcome of validating one payload against its OCPP schema.</summary>
public sealed class SchemaValidationResult
{
    /// <summary>2.0.1 Part 4 caps a CALLERROR errorDescription at 255 characters; 1.6 has no cap, so the stricter one is used.</summary>
    public const int MaxDescriptionLength = 255;

    private static readonly SchemaValidationResult _valid = new([], null);

    private SchemaValidationResult(IReadOnlyList<SchemaValidationError> errors, string? ocppErrorCode)
    {
        Errors = errors;
        OcppErrorCode = ocppErrorCode;
    }

    public static SchemaValidationResult Valid => _valid;

    public bool IsValid => Errors.Count == 0;

    /// <summary>All violations, in the order the validator found them; empty when valid.</summary>
    public IReadOnlyList<SchemaValidationError> Errors { get; }

    /// <summary>
    /// The CALLERROR errorCode to answer a malformed CALL with, spelled as the negotiated version spells it
    /// (1.6 <c>FormationViolation</c>/<c>OccurenceConstraintViolation</c>, 2.0.1 <c>FormatViolation</c>/<c>OccurrenceConstraintViolation</c>),
    /// or <c>NotImplemented</c> when there is no schema for the action; <see langword="null"/> when valid.
    /// </summary>
    public string? OcppErrorCode { get; }

    /// <summary>A CALLERROR errorDescription: the violations joined, cut to <see cref="MaxDescriptionLength"/> characters.</summary>
    public string ErrorDescription
    {
        get
        {
            var text = new StringBuilder();
            foreach (var error in Errors)
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                text.Append(error.ToString());
                if (text.Length >= MaxDescriptionLength)
                {
                    break;
                }
            }

            return text.Length <= MaxDescriptionLength ? text.ToString() : string.Concat(text.ToString(0, MaxDescriptionLength - 1), "…");
        }
    }

    internal static SchemaValidationResult Invalid(IReadOnlyList<SchemaValidationError> errors, string ocppErrorCode)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid result needs at least one error.", nameof(errors));
        }

        return new SchemaValidationResult(errors, ocppErrorCode);
    }

    public override string ToString() => IsValid ? "valid" : $"{OcppErrorCode}: {ErrorDescription}";
}
