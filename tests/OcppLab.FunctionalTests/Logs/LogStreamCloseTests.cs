using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;
using Serilog.Core;
using Serilog.Events;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// Issue 9 item 10: a client closing a live log stream is normal. It was logged as an unhandled 500
/// (<c>NotSupportedException</c> from disposing the feed while its read was still pending); now it
/// leaves nothing above debug level and no subscription behind.
/// </summary>
public sealed class LogStreamCloseTests
{
    private const int Streams = 12;

    [Test]
    public async Task Clients_leaving_live_streams_log_no_error_or_warning()
    {
        var sink = new CollectingSink();
        await using var factory = new GatewayFactory(
            configureServices: services => services.AddSingleton<ILogEventSink>(sink),
            settings: new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            },
            kestrel: true);
        var hub = factory.Services.GetRequiredService<LiveLogHub>();
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SSE-CLOSE");

        // Half the clients leave while the stream waits for the next frame (the read pending), half
        // right after an entry arrived.
        for (var i = 0; i < Streams; i++)
        {
            var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream");
            if (i % 2 == 1)
            {
                await factory.RecordAsync(Call(id, DateTimeOffset.UtcNow, "Heartbeat", $"h-{i}"));
                Assert.That((await stream.NextAsync()).Data.Str("message_id"), Is.EqualTo($"h-{i}"));
            }

            await stream.DisposeAsync();
        }

        await Eventually.UntilAsync(
            () => Task.FromResult(sink.Events.Count(IsStreamFinished)),
            finished => finished == Streams,
            because: "every stream request finishes once its client has gone");
        Assert.Multiple(() =>
        {
            Assert.That(hub.HasSubscribers, Is.False, "no subscription outlives its client");
            Assert.That(
                sink.Events.Where(e => e.Level >= LogEventLevel.Warning).Select(e => $"{e.Level} {e.RenderMessage()} {e.Exception?.GetType().Name}"),
                Is.Empty);
        });
    }

    private static bool IsStreamFinished(LogEvent e) =>
        e.MessageTemplate.Text.StartsWith("Request finished", StringComparison.Ordinal)
        && e.RenderMessage().Contains("/logs/stream", StringComparison.Ordinal);

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
