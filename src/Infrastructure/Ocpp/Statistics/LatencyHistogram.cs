namespace OcppLab.Infrastructure.Ocpp.Statistics;

/// <summary>
/// A compact latency histogram: exponential buckets (×1.25 from 0.05 ms to about a minute), exact
/// min/max/mean. Percentiles are read from the buckets, so they are within one bucket (about ±12 %)
/// of the true value, at a fixed 256 bytes whatever the number of samples.
/// </summary>
public sealed class LatencyHistogram
{
    private const double First = 0.05;
    private const double Growth = 1.25;
    private const int Buckets = 64;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly int[] _counts = new int[Buckets];

    public long Count { get; private set; }
    public double Min { get; private set; } = double.MaxValue;
    public double Max { get; private set; }
    public double Sum { get; private set; }

    public void Record(double milliseconds)
    {
        var value = Math.Max(0, milliseconds);
        Count++;
        Sum += value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        _counts[BucketOf(value)]++;
    }

    public LatencySummary? Summary() => Count == 0
        ? null
        : new LatencySummary(Round(Min), Round(Sum / Count), Percentile(0.50), Percentile(0.95), Percentile(0.99), Round(Max));

    private double Percentile(double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                // The bucket's geometric middle, kept inside what was actually observed.
                var lower = i == 0 ? 0 : First * Math.Pow(Growth, i - 1);
                var upper = First * Math.Pow(Growth, i);
                var middle = i == 0 ? upper / 2 : Math.Sqrt(lower * upper);
                return Round(Math.Clamp(middle, Min, Max));
            }
        }

        return Round(Max);
    }

    private static int BucketOf(double value) =>
        value <= First ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(value / First) / LogGrowth));

    private static double Round(double value) => Math.Round(value, 3);
}

public sealed record LatencySummary(double Min, double Avg, double P50, double P95, double P99, double Max);
