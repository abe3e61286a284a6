namespace OcppLab.Domain.Common;

/// <summary>
/// Timestamps are stored and shown with millisecond precision, so that a value read back from the
/// API can be used as an inclusive filter bound and still match the entry it came from.
/// </summary>
public static class Clock
{
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static DateTimeOffset UtcNowMs(this TimeProvider time) => TruncateToMilliseconds(time.GetUtcNow());
}
