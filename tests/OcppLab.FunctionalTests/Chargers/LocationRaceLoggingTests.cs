using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace OcppLab.FunctionalTests.Chargers;

/// <summary>
/// A new tenant's first chargers created at once race to create its default location; the race is
/// handled (one location), and being expected it leaves no error (nor a stack trace) in the log.
/// </summary>
public sealed class LocationRaceLoggingTests
{
    private const int Parallel = 12;

    // The race is probable, not certain, in one round (10 rounds once missed it): rounds
    // go on until it has happened, within a deadline that makes a miss practically impossible.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Chargers_created_at_once_in_a_new_tenant_log_no_error_for_the_default_location_race()
    {
        var sink = new CollectingSink();
        await using var factory = new GatewayFactory(
            configureServices: services => services.AddSingleton<ILogEventSink>(sink),
            settings: new Dictionary<string, string?> { ["Serilog:MinimumLevel:Override:OcppLab.Application.Locations"] = "Debug" });

        // A fresh tenant per round, until the race has happened at least once.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rounds = 0;
        for (; clock.Elapsed < Deadline && !sink.Events.Any(IsLostRace); rounds++)
        {
            var client = factory.ClientFor(GatewayApi.NewOrg());
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
                .Select(i => client.PostJsonAsync("/ocpp/chargers", GatewayApi.ChargerBody($"CP-RACE-{i}"))));

            Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Accepted));
            Assert.That((await client.GetJsonAsync("/ocpp/locations"))["total"]!.GetValue<int>(), Is.EqualTo(1));
        }

        Assert.Multiple(() =>
        {
            Assert.That(sink.Events.Any(IsLostRace), Is.True, $"the race happened within {Deadline.TotalSeconds:0} s ({rounds} rounds of {Parallel} creates)");
            Assert.That(
                sink.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => $"{e.RenderMessage()} {e.Exception?.GetType().Name}"),
                Is.Empty);
        });
    }

    private static bool IsLostRace(LogEvent e) => e.MessageTemplate.Text.Contains("taken by a concurrent request", StringComparison.Ordinal);

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
