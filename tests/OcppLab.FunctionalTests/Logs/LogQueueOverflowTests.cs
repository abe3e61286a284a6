using OcppLab.FunctionalTests.Infrastructure;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// The documented overflow policy (ADR 4): when the database stalls and the bounded queue fills,
/// new frames are not queued — they are counted in LostFrames and in the ocpplab_log_frames_lost_total
/// metric, never dropped silently — and recording never blocks the caller. Everything that was queued
/// is written once the database is back.
/// </summary>
public sealed class LogQueueOverflowTests
{
    [Test]
    public async Task A_full_queue_counts_lost_frames_without_blocking_and_writes_what_it_holds_once_the_database_is_back()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?>
        {
            ["Logs:QueueCapacity"] = "50",
            ["Logs:BatchSize"] = "10",
        });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-LOG-OVERFLOW");
        var writer = factory.Writer();
        writer.Record(Call(id, Day, "Heartbeat", "warm-up"));
        await writer.FlushAsync(CancellationToken.None);
        var written = writer.WrittenFrames;

        // A second connection holds the log table: the frame writer stalls inside its insert.
        var hold = await TestDatabase.HoldLogWritesAsync(factory.DatabasePath);

        const int offered = 500;
        var started = DateTime.UtcNow;
        for (var i = 0; i < offered; i++)
        {
            writer.Record(Call(id, Day.AddMilliseconds(i + 1), "MeterValues", $"o-{i}"));
        }

        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(2)), "recording never waits for the database");
        var lost = writer.LostFrames;
        Assert.That(lost, Is.GreaterThanOrEqualTo(offered - 50 - 10), "at most the queue and one batch in flight were accepted");
        Assert.That(writer.QueuedFrames - 1 + lost, Is.EqualTo(offered), "every frame is either queued or counted as lost");

        var metrics = await factory.ClientWithToken(null).GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain($"ocpplab_log_frames_lost_total{{otel_scope_name=\"OcppLab.Gateway\"}} {lost}"));

        await hold.DisposeAsync();

        await writer.FlushAsync(CancellationToken.None);
        Assert.That(writer.WrittenFrames - written, Is.EqualTo(offered - lost), "what was queued is written once the database is back");
        var page = await client.LogsAsync(id, "event=MeterValues&limit=1");
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(offered - lost));
    }
}
