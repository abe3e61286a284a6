using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OcppLab.Domain.Logs;
using OcppLab.FunctionalTests.Infrastructure;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// §2.10 GET /ocpp/chargers/{charger_id}/logs as the seed page shows it: the fields, the inclusive
/// date bounds, the exact event filter, offset paging in (timestamp, arrival) order, the 422s and
/// 404s, and that deleting a charger deletes its logs. Frames with known timestamps go in through
/// the gateway's own log writer.
/// </summary>
public sealed class ChargerLogsQueryTests
{
    private GatewayFactory _factory = null!;
    private Task<(HttpClient Client, string Id)>? _rfc3339Charger;

    [OneTimeSetUp]
    public void StartGateway() => _factory = new GatewayFactory();

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    private async Task<(HttpClient Client, string Id)> ChargerAsync(string identity)
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        return (client, await client.QuietChargerAsync(identity));
    }

    [Test]
    public async Task The_seed_request_answers_the_seed_shape_field_for_field()
    {
        var (client, id) = await ChargerAsync("CP-LOG-SEED");
        const string boot = "[2,\"boot-001\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra 184\"}]";
        const string accepted = "[3,\"boot-001\",{\"currentTime\":\"2026-04-09T09:30:00.250Z\",\"interval\":300,\"status\":\"Accepted\"}]";
        await _factory.RecordAsync(
            new ChargerLog
            {
                ChargerId = id, Direction = LogDirection.CpToCsms, Action = "BootNotification", Message = boot,
                Timestamp = Day.AddHours(9.5), MessageType = LogMessageType.Call, MessageId = "boot-001",
            },
            new ChargerLog
            {
                ChargerId = id, Direction = LogDirection.CsmsToCp, Action = "BootNotification", Message = accepted,
                Timestamp = Day.AddHours(9.5).AddMilliseconds(250), MessageType = LogMessageType.CallResult, MessageId = "boot-001",
            });

        // The seed page's own query string.
        var response = await client.GetAsync(
            $"/ocpp/chargers/{id}/logs?start_date=2026-04-09T00:00:00Z&end_date=2026-04-09T23:59:59Z&event=BootNotification&limit=1000&offset=0");
        var page = await response.ExpectJsonAsync(200);

        Assert.Multiple(() =>
        {
            Assert.That(page.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "data", "total", "limit", "offset" }));
            Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(page["limit"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(page["offset"]!.GetValue<int>(), Is.EqualTo(0));
        });
        var data = page["data"]!.AsArray();
        Assert.That(data, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(data[0]!.AsObject().Select(p => p.Key),
                Is.EqualTo(new[] { "direction", "action", "message", "timestamp", "message_type", "message_id" }));
            Assert.That(data[0].Str("direction"), Is.EqualTo("cp_to_csms"));
            Assert.That(data[0].Str("action"), Is.EqualTo("BootNotification"));
            Assert.That(data[0].Str("message"), Is.EqualTo(boot), "the exact frame text");
            Assert.That(data[0].Str("timestamp"), Is.EqualTo("2026-04-09T09:30:00.000Z"));
            Assert.That(data[0].Str("message_type"), Is.EqualTo("call"));
            Assert.That(data[0].Str("message_id"), Is.EqualTo("boot-001"));

            Assert.That(data[1].Str("direction"), Is.EqualTo("csms_to_cp"));
            Assert.That(data[1].Str("action"), Is.EqualTo("BootNotification"), "a CALLRESULT carries its CALL's action");
            Assert.That(data[1].Str("message"), Is.EqualTo(accepted));
            Assert.That(data[1].Str("timestamp"), Is.EqualTo("2026-04-09T09:30:00.250Z"));
            Assert.That(data[1].Str("message_type"), Is.EqualTo("call_result"));
            Assert.That(data[1].Str("message_id"), Is.EqualTo("boot-001"));
        });

        // The defaults, when nothing is asked.
        var all = await client.LogsAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(all["limit"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(all["offset"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(all.Messages(), Is.EqualTo(new[] { boot, accepted }));
        });
    }

    [Test]
    public async Task Start_and_end_dates_are_inclusive_to_the_millisecond()
    {
        var (client, id) = await ChargerAsync("CP-LOG-DATES");
        var start = Day.AddHours(10);
        var end = Day.AddHours(11);
        await _factory.RecordAsync(
            Call(id, start.AddMilliseconds(-1), "Heartbeat", "before"),
            Call(id, start, "Heartbeat", "at-start"),
            Call(id, start.AddMinutes(30), "Heartbeat", "inside"),
            Call(id, end, "Heartbeat", "at-end"),
            Call(id, end.AddMilliseconds(1), "Heartbeat", "after"));

        static IReadOnlyList<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(e => e.Str("message_id")).ToList();

        var both = await client.LogsAsync(id, $"start_date={Q(start)}&end_date={Q(end)}");
        Assert.That(Ids(both), Is.EqualTo(new[] { "at-start", "inside", "at-end" }));
        Assert.That(both["total"]!.GetValue<int>(), Is.EqualTo(3));

        Assert.That(Ids(await client.LogsAsync(id, $"start_date={Q(start)}")), Is.EqualTo(new[] { "at-start", "inside", "at-end", "after" }));
        Assert.That(Ids(await client.LogsAsync(id, $"end_date={Q(end)}")), Is.EqualTo(new[] { "before", "at-start", "inside", "at-end" }));

        // Another offset, and a bound exactly on one entry.
        var paris = Uri.EscapeDataString("2026-04-09T12:00:00+02:00");
        Assert.That(Ids(await client.LogsAsync(id, $"start_date={paris}&end_date={paris}")), Is.EqualTo(new[] { "at-start" }));
    }

    [Test]
    public async Task The_event_filter_matches_the_action_exactly_and_returns_calls_with_their_results()
    {
        var (client, id) = await ChargerAsync("CP-LOG-EVENT");
        await _factory.RecordAsync(
            Call(id, Day.AddHours(1), "BootNotification", "b-1"),
            Result(id, Day.AddHours(1).AddMilliseconds(20), "BootNotification", "b-1"),
            Call(id, Day.AddHours(2), "Heartbeat", "h-1"),
            Result(id, Day.AddHours(2).AddMilliseconds(5), "Heartbeat", "h-1"),
            Call(id, Day.AddHours(3), "bootnotification", "lower"),
            Call(id, Day.AddHours(4), "BootNotificationExtra", "longer"));

        var boots = await client.LogsAsync(id, "event=BootNotification");
        var data = boots["data"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(boots["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(data.Select(e => e.Str("message_type")), Is.EqualTo(new[] { "call", "call_result" }));
            Assert.That(data.Select(e => e.Str("message_id")), Is.EqualTo(new[] { "b-1", "b-1" }));
            Assert.That(data.Select(e => e.Str("action")), Is.All.EqualTo("BootNotification"));
        });

        var none = await client.LogsAsync(id, "event=Authorize");
        Assert.That(none["total"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(none["data"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Pages_follow_timestamp_then_arrival_order_and_total_counts_every_match()
    {
        var (client, id) = await ChargerAsync("CP-LOG-PAGES");
        var t = Day.AddHours(5);

        // Arrival order differs from time order; three frames share one timestamp.
        await _factory.RecordAsync(
            Call(id, t.AddSeconds(2), "Heartbeat", "e1"),
            Call(id, t.AddSeconds(1), "Heartbeat", "e2"),
            Call(id, t.AddSeconds(1), "Heartbeat", "e3"),
            Call(id, t, "Heartbeat", "e4"),
            Call(id, t.AddSeconds(1), "Heartbeat", "e5"),
            Call(id, t.AddSeconds(3), "Heartbeat", "e6"),
            Call(id, t.AddSeconds(3), "Heartbeat", "e7"));
        var expected = new[] { "e4", "e2", "e3", "e5", "e1", "e6", "e7" };

        var seen = new List<string>();
        foreach (var offset in new[] { 0, 3, 6 })
        {
            var page = await client.LogsAsync(id, $"limit=3&offset={offset}");
            Assert.Multiple(() =>
            {
                Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(7));
                Assert.That(page["limit"]!.GetValue<int>(), Is.EqualTo(3));
                Assert.That(page["offset"]!.GetValue<int>(), Is.EqualTo(offset));
            });
            seen.AddRange(page["data"]!.AsArray().Select(e => e.Str("message_id")));
        }

        Assert.That(seen, Is.EqualTo(expected));
        Assert.That((await client.LogsAsync(id))["data"]!.AsArray().Select(e => e.Str("message_id")), Is.EqualTo(expected));

        foreach (var offset in new[] { 7, 500 })
        {
            var beyond = await client.LogsAsync(id, $"offset={offset}");
            Assert.That(beyond["data"]!.AsArray(), Is.Empty);
            Assert.That(beyond["total"]!.GetValue<int>(), Is.EqualTo(7));
        }

        // Filters and paging together: total counts the filtered matches, not the page.
        var filtered = await client.LogsAsync(id, $"start_date={Q(t.AddSeconds(1))}&limit=2&offset=1");
        Assert.That(filtered["total"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(filtered["data"]!.AsArray().Select(e => e.Str("message_id")), Is.EqualTo(new[] { "e3", "e5" }));
    }

    [Test]
    public async Task A_window_with_an_offset_selects_exactly_the_entries_of_that_instant_range()
    {
        // Issue 10 item 2: a +05:00 window (a client in Asia/Karachi) must select the UTC rows of the same instants.
        var (client, id) = await ChargerAsync("CP-LOG-OFFSET");
        await _factory.RecordAsync(
            Call(id, Day.AddHours(10).AddMilliseconds(-1), "Heartbeat", "before"),
            Call(id, Day.AddHours(10), "Heartbeat", "at-start"),
            Call(id, Day.AddHours(10.5), "Heartbeat", "inside"),
            Call(id, Day.AddHours(11), "Heartbeat", "at-end"),
            Call(id, Day.AddHours(11).AddMilliseconds(1), "Heartbeat", "after"),
            Call(id, Day.AddHours(15.5), "Heartbeat", "wall-clock"));

        static IReadOnlyList<string> Ids(JsonNode page) => page["data"]!.AsArray().Select(e => e.Str("message_id")).ToList();
        async Task<IReadOnlyList<string>> Window(string start, string end) =>
            Ids(await client.LogsAsync(id, $"start_date={Uri.EscapeDataString(start)}&end_date={Uri.EscapeDataString(end)}"));

        // 15:00–16:00 at +05:00 is 10:00–11:00Z; read as UTC it would be the "wall-clock" row instead.
        var windows = new (string Start, string End, string Because)[]
        {
            ("2026-04-09T15:00:00+05:00", "2026-04-09T16:00:00+05:00", "+05:00"),
            ("2026-04-09T15:00:00.000+05:00", "2026-04-09T06:00:00-05:00", "mixed offsets"),
            ("2026-04-09T06:30:00-03:30", "2026-04-09T07:30:00-03:30", "-03:30"),
            ("2026-04-09t10:00:00z", "2026-04-09T11:00:00.000000000Z", "lower-case t and z, nine fraction digits"),
            ("2026-04-10T09:00:00+23:00", "2026-04-08T12:00:00-23:00", "offsets beyond ±14:00 are RFC 3339 too"),
            ("2026-04-09T10:00:00-00:00", "2026-04-09T11:00:00+00:00", "-00:00 and +00:00"),
        };
        var selected = new List<(IReadOnlyList<string> Ids, string Because)>();
        foreach (var (start, end, because) in windows)
        {
            selected.Add((await Window(start, end), because));
        }

        Assert.Multiple(() =>
        {
            foreach (var (ids, because) in selected)
            {
                Assert.That(ids, Is.EqualTo(new[] { "at-start", "inside", "at-end" }), because);
            }
        });
    }

    /// <summary>Values that are not an RFC 3339 date-time with an offset: each is a 422, never guessed at.</summary>
    private static readonly string[] NotRfc3339DateTimes =
    [
        "2026-04-09T10:00:00", // no offset: local or UTC would be a guess
        "2026-04-09T10:00:00.000",
        "2026-04-09", // a date only
        "10:00:00Z", // a time only
        "2026-04-09T10:00Z", // no seconds
        "2026-04-09 10:00:00Z", // a space for T
        "20260409T100000Z", // ISO 8601 basic format
        "2026-04-09T10:00:00+05", // an offset without minutes
        "2026-04-09T10:00:00+0500",
        "2026-04-09T10:00:00+24:00",
        "2026-04-09T10:00:00.Z",
        "2026-02-30T10:00:00Z",
        "2026-04-09T24:00:00Z",
        "2026-04-09T10:00:60Z", // a leap second has no DateTimeOffset
        "2026-04-09T10:00:00Z ",
        "Thu, 09 Apr 2026 10:00:00 GMT",
        "1775728800",
        "\u0662\u0660\u0662\u0666-04-09T10:00:00Z", // non-ASCII digits
        "yesterday",
    ];

    [Test]
    public async Task A_date_time_without_an_offset_or_not_RFC_3339_is_a_422_naming_the_parameter(
        [Values("start_date", "end_date")] string parameter, [ValueSource(nameof(NotRfc3339DateTimes))] string value)
    {
        // One charger for all the cases (the 422 comes before any row is read).
        var (client, id) = await (_rfc3339Charger ??= ChargerAsync("CP-LOG-RFC3339"));

        var problem = await (await client.GetAsync($"/ocpp/chargers/{id}/logs?{parameter}={Uri.EscapeDataString(value)}")).AssertValidationAsync(parameter);

        Assert.That(problem.ErrorsOf(parameter)[0], Does.Contain("offset").And.Contain("RFC 3339"));
    }

    [Test]
    public async Task An_unencoded_plus_in_the_offset_is_a_422_that_says_to_write_2B()
    {
        // A query string decodes a literal + as a space: "…T15:00:00 05:00" must not be read at all.
        var (client, id) = await ChargerAsync("CP-LOG-PLUS");

        var problem = await (await client.GetAsync($"/ocpp/chargers/{id}/logs?start_date=2026-04-09T15:00:00+05:00")).AssertValidationAsync("start_date");

        Assert.That(problem.ErrorsOf("start_date")[0], Does.Contain("%2B"));
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("limit=-5", "limit")]
    [TestCase("offset=-1", "offset")]
    [TestCase("offset=abc", "offset")]
    [TestCase("start_date=yesterday", "start_date")]
    [TestCase("end_date=2026-13-45T00:00:00Z", "end_date")]
    [TestCase("start_date=2026-04-10T00:00:00Z&end_date=2026-04-09T23:59:59Z", "start_date")]
    [TestCase("start_date=2026-04-09T10:00:00.001Z&end_date=2026-04-09T10:00:00Z", "start_date")]
    public async Task Out_of_range_or_unreadable_parameters_are_422(string query, string field)
    {
        var (client, id) = await ChargerAsync("CP-LOG-422");

        await (await client.GetAsync($"/ocpp/chargers/{id}/logs?{query}")).AssertValidationAsync(field);
    }

    [TestCase("limit=1")]
    [TestCase("limit=1000")]
    [TestCase("offset=0")]
    [TestCase("start_date=2026-04-09T10:00:00Z&end_date=2026-04-09T10:00:00Z")]
    [TestCase("event=")]
    public async Task Parameters_at_their_bounds_are_accepted(string query)
    {
        var (client, id) = await ChargerAsync("CP-LOG-BOUNDS");

        var page = await client.LogsAsync(id, query);

        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(0));
    }

    [Test]
    public async Task An_unknown_or_another_tenants_charger_is_404_and_no_token_is_401()
    {
        var (client, id) = await ChargerAsync("CP-LOG-404");
        var stranger = _factory.ClientFor(GatewayApi.NewOrg());

        await (await client.GetAsync("/ocpp/chargers/dep-000000000000/logs")).AssertProblemAsync(404);
        await (await stranger.GetAsync($"/ocpp/chargers/{id}/logs")).AssertProblemAsync(404);
        await (await _factory.ClientWithToken(null).GetAsync($"/ocpp/chargers/{id}/logs")).AssertProblemAsync(401);
    }

    [Test]
    public async Task Deleting_a_charger_deletes_its_logs_even_frames_still_queued()
    {
        var (client, id) = await ChargerAsync("CP-LOG-DELETE");
        var (_, other) = await ChargerAsync("CP-LOG-KEEP");
        await _factory.RecordAsync(Call(id, Day, "Heartbeat", "stored"), Call(other, Day, "Heartbeat", "kept"));

        // Frames a session handed over just before the delete, not yet written.
        var writer = _factory.Writer();
        for (var i = 0; i < 20_000; i++)
        {
            writer.Record(Call(id, Day.AddSeconds(i), "MeterValues", $"late-{i}"));
        }

        Assert.That((int)(await client.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(204));
        await writer.FlushAsync(CancellationToken.None);

        await (await client.GetAsync($"/ocpp/chargers/{id}/logs")).AssertProblemAsync(404);
        Assert.That(await _factory.WithDbAsync(db => db.ChargerLogs.CountAsync(l => l.ChargerId == id)), Is.EqualTo(0));
        Assert.That(await _factory.WithDbAsync(db => db.ChargerLogs.CountAsync(l => l.ChargerId == other)), Is.EqualTo(1));
    }
}
