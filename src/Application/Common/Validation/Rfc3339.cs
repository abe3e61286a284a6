using System.Globalization;
using System.Text.RegularExpressions;

namespace OcppLab.Application.Common.Validation;

/// <summary>
/// Reads a date-time the API is given (query parameter or JSON body) as an RFC 3339 <c>date-time</c>
/// (section 5.6): full date, <c>T</c>, time with seconds, optional fraction, and an explicit offset
/// (<c>Z</c> or <c>±hh:mm</c>). A value without an offset (<c>2026-04-09T10:00:00</c>) names no instant:
/// reading it as UTC or as the server's local time would silently shift a client's window by its own
/// offset, so it is refused, as are a date alone, ISO 8601's other forms and anything else
/// <see cref="DateTimeOffset.TryParse(string, out DateTimeOffset)"/> would guess at.
/// </summary>
/// <remarks>
/// Lower-case <c>t</c>/<c>z</c> and <c>-00:00</c> are accepted (the RFC allows them), a fraction beyond
/// seven digits is truncated to .NET's 100 ns, and every offset up to ±23:59 is honoured. A leap second
/// (<c>:60</c>) is refused: <see cref="DateTimeOffset"/> cannot hold it.
/// </remarks>
public static partial class Rfc3339
{
    /// <summary>What a refused value is told, after the parameter's name.</summary>
    public const string Expectation =
        "must be an RFC 3339 date-time with an offset (Z or ±hh:mm), e.g. 2026-04-09T10:00:00Z or 2026-04-09T15:00:00+05:00";

    /// <summary>The instant <paramref name="text"/> names, in UTC (offset zero).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || Pattern().Match(text) is not { Success: true } match)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        var (hour, minute, second) = (Part("hour"), Part("minute"), Part("second"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups["offsetHour"].Success)
        {
            var (offsetHour, offsetMinute) = (Part("offsetHour"), Part("offsetMinute"));
            if (offsetHour > 23 || offsetMinute > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHour, offsetMinute, 0);
            if (match.Groups["sign"].ValueSpan[0] == '-')
            {
                offset = -offset;
            }
        }

        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : string.Empty;
        var ticks = fraction.Length == 0
            ? 0
            : long.Parse(fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0'), NumberStyles.None, CultureInfo.InvariantCulture);

        // Offsets beyond DateTimeOffset's ±14:00 are valid RFC 3339: compute the UTC instant directly.
        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    // [0-9] rather than \d (which matches non-ASCII digits); \z rather than $ (which lets a trailing newline through).
    [GeneratedRegex(
        "^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\\.(?<fraction>[0-9]+))?(?:[Zz]|(?<sign>[+-])(?<offsetHour>[0-9]{2}):(?<offsetMinute>[0-9]{2}))\\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
