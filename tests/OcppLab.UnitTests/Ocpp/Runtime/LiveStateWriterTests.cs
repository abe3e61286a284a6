using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OcppLab.Infrastructure.Ocpp.Runtime;

namespace OcppLab.UnitTests.Ocpp.Runtime;

/// <summary>
/// The batched live-state writer (ADR 10): the latest state per charger, all chargers in one batch per
/// flush, a failed batch kept for the next one (unless a newer state came), a flush on its interval.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LiveStateWriterTests
{
    private readonly List<IReadOnlyList<LiveStateRecord>> _batches = [];
    private Func<IReadOnlyList<LiveStateRecord>, Task> _write = _ => Task.CompletedTask;

    private LiveStateWriter Writer(TimeProvider? time = null, TimeSpan? interval = null) =>
        new(
            async (batch, _) =>
            {
                await _write(batch);
                lock (_batches)
                {
                    _batches.Add(batch);
                }
            },
            time ?? TimeProvider.System,
            interval ?? TimeSpan.FromSeconds(2),
            NullLogger.Instance);

    [Test]
    public async Task Many_captures_of_many_chargers_are_one_batch_of_the_latest_state_each()
    {
        using var writer = Writer();
        for (var i = 0; i < 50; i++)
        {
            writer.Submit("dep-a", $"a{i}");
            writer.Submit("dep-b", $"b{i}");
        }

        await writer.FlushAsync(CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_batches, Has.Count.EqualTo(1), "the second flush had nothing to write");
            Assert.That(_batches[0].OrderBy(r => r.ChargerId).Select(r => (r.ChargerId, r.Json)), Is.EqualTo(new[] { ("dep-a", "a49"), ("dep-b", "b49") }));
            Assert.That(writer.Batches, Is.EqualTo(1));
            Assert.That(writer.RowsWritten, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failed_batch_is_written_with_the_next_one_unless_a_newer_state_came()
    {
        using var writer = Writer();
        _write = _ => throw new InvalidOperationException("database locked");
        writer.Submit("dep-a", "a-old");
        writer.Submit("dep-b", "b-old");

        await writer.FlushAsync(CancellationToken.None);
        Assert.That(writer.Pending, Is.EqualTo(2), "nothing is dropped");

        _write = _ => Task.CompletedTask;
        writer.Submit("dep-a", "a-new");
        await writer.FlushAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_batches.Single().OrderBy(r => r.ChargerId).Select(r => r.Json), Is.EqualTo(new[] { "a-new", "b-old" }));
            Assert.That(writer.Pending, Is.Zero);
        });
    }

    [Test]
    public async Task A_batch_cancelled_mid_write_by_the_stop_is_written_by_the_final_flush()
    {
        using var writer = Writer();
        using var stopping = new CancellationTokenSource();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _write = async _ =>
        {
            writing.TrySetResult();
            await Task.Delay(Timeout.Infinite, stopping.Token);
        };
        writer.Submit("dep-a", "last");

        var cancelled = writer.FlushAsync(stopping.Token);
        await writing.Task;
        await stopping.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(writer.Pending, Is.EqualTo(1), "the cancelled batch is kept");

        _write = _ => Task.CompletedTask;
        await writer.FlushAsync(CancellationToken.None);
        Assert.That(_batches.Single().Single().Json, Is.EqualTo("last"));
    }

    [Test]
    public async Task A_second_stop_after_the_host_disposed_it_waits_for_the_first_and_writes_nothing_twice()
    {
        var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        writer.Submit("dep-a", "final");

        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
        await writer.StopAsync(CancellationToken.None);

        Assert.That(_batches.Single().Single().Json, Is.EqualTo("final"));
    }

    [Test]
    public async Task It_flushes_on_its_interval_and_once_more_when_it_stops()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var writer = Writer(time, TimeSpan.FromSeconds(2));
        await writer.StartAsync(CancellationToken.None);
        writer.Submit("dep-a", "one");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (writer.Batches == 0 && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.Yield();
            await Task.Delay(10);
        }

        Assert.That(writer.Batches, Is.EqualTo(1), "written on a tick of the interval");
        writer.Submit("dep-a", "two");
        await writer.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(writer.Batches, Is.EqualTo(2));
            Assert.That(_batches[^1].Single().Json, Is.EqualTo("two"), "the final flush at stop");
        });
    }
}
