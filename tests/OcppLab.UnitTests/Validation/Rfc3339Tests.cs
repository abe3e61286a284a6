using System.Globalization;
using OcppLab.Application.Common.Validation;

namespace OcppLab.UnitTests.Validation;

/// <summary>
/// The API's reading of date-times (issue 10 item 2): RFC 3339 section 5.6 <c>date-time</c> with an explicit
/// offset, turned into the UTC instant it names; everything else refused rather than guessed.
/// </summary>
public sealed class Rfc3339Tests
{
    [TestCase("2026-04-09T10:00:00Z", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-09T15:00:00+05:00", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-09T06:30:00-03:30", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-09t10:00:00z", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-09T10:00:00-00:00", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-09T10:00:00.5Z", "2026-04-09T10:00:00.5000000Z")]
    [TestCase("2026-04-09T10:00:00.1234567Z", "2026-04-09T10:00:00.1234567Z")]
    [TestCase("2026-04-09T10:00:00.123456789Z", "2026-04-09T10:00:00.1234567Z")]
    [TestCase("2026-04-10T09:00:00+23:00", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2026-04-08T11:01:00-22:59", "2026-04-09T10:00:00.0000000Z")]
    [TestCase("2024-02-29T23:59:59+01:00", "2024-02-29T22:59:59.0000000Z")]
    [TestCase("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.0000000Z")]
    [TestCase("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z")]
    [TestCase("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
    public void A_date_time_with_an_offset_is_the_UTC_instant_it_names(string text, string utc)
    {
        Assert.That(Rfc3339.TryParse(text, out var value), Is.True, text);

        Assert.Multiple(() =>
        {
            Assert.That(value.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), Is.EqualTo(utc));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("2026-04-09T10:00:00")]
    [TestCase("2026-04-09T10:00:00.000")]
    [TestCase("2026-04-09")]
    [TestCase("10:00:00Z")]
    [TestCase("2026-04-09T10:00Z")]
    [TestCase("2026-04-09 10:00:00Z")]
    [TestCase("2026-04-09_10:00:00Z")]
    [TestCase("20260409T100000Z")]
    [TestCase("2026-04-09T10:00:00+05")]
    [TestCase("2026-04-09T10:00:00+0500")]
    [TestCase("2026-04-09T10:00:00 05:00")]
    [TestCase("2026-04-09T10:00:00+24:00")]
    [TestCase("2026-04-09T10:00:00+05:60")]
    [TestCase("2026-04-09T10:00:00.Z")]
    [TestCase("2026-04-09T10:00:00,5Z")]
    [TestCase("2026-02-29T10:00:00Z")]
    [TestCase("2026-04-31T10:00:00Z")]
    [TestCase("2026-13-09T10:00:00Z")]
    [TestCase("2026-00-09T10:00:00Z")]
    [TestCase("2026-04-00T10:00:00Z")]
    [TestCase("0000-04-09T10:00:00Z")]
    [TestCase("2026-04-09T24:00:00Z")]
    [TestCase("2026-04-09T10:60:00Z")]
    [TestCase("2026-04-09T10:00:60Z")]
    [TestCase(" 2026-04-09T10:00:00Z")]
    [TestCase("2026-04-09T10:00:00Z ")]
    [TestCase("2026-04-09T10:00:00Z\n")]
    [TestCase("+2026-04-09T10:00:00Z")]
    [TestCase("\u0662\u0660\u0662\u0666-04-09T10:00:00Z")]
    [TestCase("0001-01-01T00:00:00+00:01")]
    [TestCase("9999-12-31T23:59:59-00:01")]
    [TestCase("Thu, 09 Apr 2026 10:00:00 GMT")]
    [TestCase("1775728800")]
    [TestCase("now")]
    public void Anything_else_is_refused(string? text) =>
        Assert.That(Rfc3339.TryParse(text, out _), Is.False, text);
}
