using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// Nothing is lost on a graceful shutdown (the queue is drained before the host stops), and the
/// retention policy (Logs:MaxAge, Logs:MaxEntriesPerCharger) keeps the newest frames.
/// </summary>
public sealed class LogDurabilityTests
{
    private readonly List<string> _databases = [];

    [TearDown]
    public void DeleteDatabases()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in _databases)
        {
            GatewayFactory.DeleteDatabase(path);
        }

        _databases.Clear();
    }

    [Test]
    public async Task Frames_still_queued_at_a_graceful_shutdown_are_stored()
    {
        const int frames = 30_000;
        var path = GatewayFactory.NewDatabasePath();
        _databases.Add(path);
        var org = GatewayApi.NewOrg();
        string id;
        long lost;
        await using (var first = new GatewayFactory(path))
        {
            id = await first.ClientFor(org).QuietChargerAsync("CP-LOG-SHUTDOWN");
            var writer = first.Writer();
            for (var i = 0; i < frames; i++)
            {
                writer.Record(Call(id, Day.AddMilliseconds(i), "MeterValues", $"m-{i}"));
            }

            lost = writer.LostFrames;
        }

        Assert.That(lost, Is.Zero);
        await using var second = new GatewayFactory(path);
        var client = second.ClientFor(org);
        var page = await client.LogsAsync(id, "limit=1&offset=" + (frames - 1));

        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(frames));
        Assert.That(page["data"]![0].Str("message_id"), Is.EqualTo($"m-{frames - 1}"), "the last frame queued is stored too");
    }

    [Test]
    public async Task Retention_prunes_by_age_and_by_count_per_charger_keeping_the_newest()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?>
        {
            ["Logs:MaxAge"] = "01:00:00",
            ["Logs:MaxEntriesPerCharger"] = "3",
            ["Logs:RetentionInterval"] = "00:00:00",
        });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var busy = await client.QuietChargerAsync("CP-RET-BUSY");
        var quiet = await client.QuietChargerAsync("CP-RET-QUIET");
        var now = DateTimeOffset.UtcNow;
        await factory.RecordAsync(
            Call(busy, now.AddHours(-3), "Heartbeat", "old-1"),
            Call(busy, now.AddMinutes(-61), "Heartbeat", "old-2"),
            Call(busy, now.AddMinutes(-10), "Heartbeat", "r1"),
            Call(busy, now.AddMinutes(-5), "Heartbeat", "r2"),
            Call(busy, now.AddMinutes(-5), "Heartbeat", "r3"),
            Call(busy, now.AddMinutes(-2), "Heartbeat", "r4"),
            Call(busy, now.AddMinutes(-1), "Heartbeat", "r5"),
            Call(quiet, now.AddHours(-2), "Heartbeat", "q-old"),
            Call(quiet, now.AddMinutes(-1), "Heartbeat", "q1"),
            Call(quiet, now.AddMinutes(-1), "Heartbeat", "q2"),
            Call("dep-deletedlong", now, "Heartbeat", "orphan"));

        var deleted = await factory.Services.GetRequiredService<LogRetentionService>().PruneAsync(CancellationToken.None);

        static IReadOnlyList<string> Ids(System.Text.Json.Nodes.JsonNode page) => page["data"]!.AsArray().Select(e => e.Str("message_id")).ToList();
        var busyLeft = Ids(await client.LogsAsync(busy));
        var quietLeft = Ids(await client.LogsAsync(quiet));
        var orphans = await factory.WithDbAsync(db => db.ChargerLogs.CountAsync(l => l.ChargerId == "dep-deletedlong"));
        Assert.Multiple(() =>
        {
            Assert.That(deleted, Is.EqualTo(2 + 2 + 1 + 1), "two too old and two over the count on one charger, one too old on the other, one orphan");
            Assert.That(busyLeft, Is.EqualTo(new[] { "r3", "r4", "r5" }), "the newest three, ties broken by arrival");
            Assert.That(quietLeft, Is.EqualTo(new[] { "q1", "q2" }));
            Assert.That(orphans, Is.Zero, "frames of a charger that no longer exists");
        });

        Assert.That(await factory.Services.GetRequiredService<LogRetentionService>().PruneAsync(CancellationToken.None), Is.Zero, "a second pass finds nothing");
    }
}
