using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// Issue 9 item 2: the frame log queue and each live stream's buffer are bounded in bytes as well as
/// in entries. Before, 200,000 queued frames of 1 MiB or 1,000 buffered stream entries of 1 MiB each
/// could hold gigabytes; now a burst beyond the byte budget is counted as lost (queue) or drops the
/// oldest entries (stream), and memory is given back once written or read.
/// </summary>
public sealed class LogMemoryBoundTests
{
    private static string Payload(int chars) => $"{{\"data\":\"{new string('x', chars)}\"}}";

    [Test]
    public async Task The_queue_counts_frames_beyond_its_byte_budget_as_lost_and_accepts_again_once_written()
    {
        const long budget = 1024 * 1024;
        await using var factory = new GatewayFactory();
        var id = await factory.ClientFor(GatewayApi.NewOrg()).QuietChargerAsync("CP-QUEUE-BYTES");

        // A writer of its own, not started yet: nothing drains the queue while it fills.
        using var writer = new FrameLogWriter(
            Options.Create(new LogWriterOptions { QueueCapacityBytes = budget }),
            factory.Services.GetRequiredService<IServiceScopeFactory>(),
            factory.Services.GetRequiredService<LiveLogHub>(),
            NullLogger<FrameLogWriter>.Instance);
        var frame = Call(id, Day, "DataTransfer", "big-0", Payload(100_000));
        var each = FrameLogWriter.EstimateBytes(frame);
        for (var i = 0; i < 20; i++)
        {
            writer.Record(Call(id, Day.AddMilliseconds(i), "DataTransfer", $"big-{i}", Payload(100_000)));
        }

        var fit = (int)(budget / each);
        Assert.Multiple(() =>
        {
            Assert.That(each, Is.GreaterThan(200_000), "two bytes a character");
            Assert.That(writer.QueuedFrames, Is.EqualTo(fit), "as many as the budget holds (the entry bound is 200,000)");
            Assert.That(writer.LostFrames, Is.EqualTo(20 - fit));
            Assert.That(writer.QueuedBytes, Is.LessThanOrEqualTo(budget));
        });

        await writer.StartAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await writer.FlushAsync(deadline.Token);
        await Eventually.UntilAsync(() => Task.FromResult(writer.QueuedBytes == 0), because: "written frames give their bytes back");

        writer.Record(Call(id, Day.AddSeconds(1), "DataTransfer", "after", Payload(100_000)));
        Assert.That(writer.LostFrames, Is.EqualTo(20 - fit), "room again once written");
        await writer.StopAsync(CancellationToken.None);
    }

    [TestCase("1000")]
    [TestCase("999999999999999")]
    public void An_out_of_range_queue_byte_budget_stops_the_start_up(string value)
    {
        using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Logs:QueueCapacityBytes"] = value });

        var error = Assert.Catch(() => factory.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Logs:QueueCapacityBytes"));
    }

    [TestCase("1000")]
    [TestCase("99999999999")]
    public void An_out_of_range_stream_buffer_stops_the_start_up(string value)
    {
        using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Logs:StreamBufferBytes"] = value });

        var error = Assert.Catch(() => factory.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Logs:StreamBufferBytes"));
    }

    [Test]
    public void A_slow_stream_keeps_the_newest_entries_within_its_byte_budget()
    {
        const long budget = 256 * 1024;
        var hub = new LiveLogHub(Options.Create(new LogWriterOptions { StreamBufferBytes = budget }));
        using var subscription = hub.Subscribe("org-test", "CP-SLOW");
        var batch = Enumerable.Range(0, 50).Select(i => Call("CP-SLOW", Day.AddMilliseconds(i), "DataTransfer", $"s-{i}", Payload(20_000))).ToList();

        hub.Publish(batch);

        var read = new List<string>();
        while (subscription.TryRead(out var entry))
        {
            read.Add(entry.MessageId!);
        }

        var each = FrameLogWriter.EstimateBytes(batch[0]);
        Assert.Multiple(() =>
        {
            Assert.That(read, Has.Count.EqualTo((int)(budget / each)), "as many as the budget holds");
            Assert.That(read[^1], Is.EqualTo("s-49"), "the newest are kept");
            Assert.That(subscription.Dropped, Is.EqualTo(50 - read.Count));
            Assert.That(subscription.BufferedBytes, Is.Zero, "read entries give their bytes back");
        });
    }

    [Test]
    public void A_stream_holds_at_most_a_thousand_small_entries_and_still_delivers_one_larger_than_its_budget()
    {
        var hub = new LiveLogHub(Options.Create(new LogWriterOptions { StreamBufferBytes = 64 * 1024 }));
        using var subscription = hub.Subscribe("org-test", "CP-MANY");

        hub.Publish(Enumerable.Range(0, 1_500).Select(i => Call("CP-MANY", Day, "Heartbeat", $"h-{i}")).ToList());
        var small = 0;
        while (subscription.TryRead(out _))
        {
            small++;
        }

        hub.Publish([Call("CP-MANY", Day, "DataTransfer", "huge", Payload(100_000))]);
        var delivered = subscription.TryRead(out var huge);

        Assert.Multiple(() =>
        {
            Assert.That(small, Is.LessThanOrEqualTo(LiveLogHub.EntryCapacity));
            Assert.That(delivered && huge.MessageId == "huge", Is.True, "alone in an empty buffer, a frame over the budget still reaches a client that keeps up");
        });
    }

    [Test]
    public async Task A_waiting_reader_wakes_on_a_new_entry_and_ends_with_the_subscription()
    {
        var hub = new LiveLogHub(Options.Create(new LogWriterOptions()));
        var subscription = hub.Subscribe("org-test", "CP-WAIT");
        var waiting = subscription.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);

        hub.Publish([Call("CP-WAIT", Day, "Heartbeat", "w-1")]);
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(subscription.TryRead(out _), Is.True);

        var ending = subscription.WaitToReadAsync(CancellationToken.None).AsTask();
        subscription.Dispose();
        Assert.That(await ending.WaitAsync(TimeSpan.FromSeconds(10)), Is.False);
        Assert.That(hub.HasSubscribers, Is.False);
    }
}
