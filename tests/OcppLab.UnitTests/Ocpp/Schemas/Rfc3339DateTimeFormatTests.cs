using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Schemas;

public sealed class Rfc3339DateTimeFormatTests
{
    [TestCase("2025-01-01T12:00:00Z")]
    [TestCase("2025-01-01t12:00:00z")]
    [TestCase("2025-01-01T12:00:00.486Z")]
    [TestCase("2025-01-01T12:00:00+01:00")]
    [TestCase("2025-01-01T12:00:00-00:00")]
    [TestCase("2016-12-31T23:59:60Z")]
    [TestCase("2024-02-29T00:00:00Z")]
    public void Accepts(string text) => Assert.That(Rfc3339DateTimeFormat.IsValid(text), Is.True);

    [TestCase("2025-01-01T12:00:00")]
    [TestCase("2025-01-01T12:00:00.000")]
    [TestCase("2025-01-01")]
    [TestCase("2025-01-01 12:00:00Z")]
    [TestCase("2025-01-01_12:00:00Z")]
    [TestCase("2025-01-01T12:00Z")]
    [TestCase("2025-01-01T12:00:00+0100")]
    [TestCase("2025-01-01T12:00:00+01")]
    [TestCase("2025-01-01T12:00:00Z\n")]
    [TestCase("2023-02-29T00:00:00Z")]
    [TestCase("2025-04-31T00:00:00Z")]
    [TestCase("2025-00-10T00:00:00Z")]
    [TestCase("2025-01-01T24:00:00Z")]
    [TestCase("2025-01-01T12:60:00Z")]
    [TestCase("2025-01-01T12:00:00+24:00")]
    [TestCase("0000-01-01T00:00:00Z")]
    [TestCase("２０２５-01-01T12:00:00Z")]
    [TestCase("")]
    public void Rejects(string text) => Assert.That(Rfc3339DateTimeFormat.IsValid(text), Is.False);
}
