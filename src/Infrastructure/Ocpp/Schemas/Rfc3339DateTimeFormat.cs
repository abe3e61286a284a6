using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// A strict RFC 3339 <c>date-time</c> (section 5.6) for the schemas' <c>format: date-time</c>. OCPP requires an offset
/// (<c>Z</c> or <c>±hh:mm</c>), and a validator must reject a timestamp without one; owning the check keeps that
/// guarantee independent of how a validator library version reads "date-time" (some accept a missing offset or
/// separators RFC 3339 does not have). Lower-case <c>t</c>/<c>z</c> and a leap second 60 are allowed, as the RFC allows them.
/// The 2.0.1 limit of three fractional digits is a spec rule, not a schema rule, so it is not enforced here.
/// </summary>
internal sealed partial class Rfc3339DateTimeFormat() : Format("date-time")
{
    public override bool Validate(JsonElement element, out string? errorMessage)
    {
        errorMessage = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            // format only constrains strings; a number here is the type keyword's business.
            return true;
        }

        if (IsValid(element.GetString()!))
        {
            return true;
        }

        errorMessage = "Value is not an RFC 3339 date-time with a time-zone offset";
        return false;
    }

    public static bool IsValid(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (Part("hour") > 23 || Part("minute") > 59 || Part("second") > 60)
        {
            return false;
        }

        return !match.Groups["offsetHour"].Success || (Part("offsetHour") <= 23 && Part("offsetMinute") <= 59);
    }

    // [0-9] rather than \d: \d also matches non-ASCII digits, which RFC 3339 does not allow; \z rather than $,
    // which would let a trailing newline through.
    [GeneratedRegex(
        "^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\\.[0-9]+)?(?:[Zz]|[+-](?<offsetHour>[0-9]{2}):(?<offsetMinute>[0-9]{2}))\\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc3339();
}
