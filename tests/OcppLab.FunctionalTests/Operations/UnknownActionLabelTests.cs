using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;
using OcppLab.FunctionalTests.Runtime;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// A CSMS calling actions the version does not define cannot mint metric series or statistics entries:
/// they are all counted as <c>other</c>.
/// </summary>
public sealed partial class UnknownActionLabelTests
{
    private const int UnknownActions = 500;

    [Test]
    public async Task Unique_unknown_CSMS_actions_are_counted_as_other_in_metrics_and_stats()
    {
        await using var csms = await TestCsms.StartAsync();
        await using var factory = new GatewayFactory(kestrel: true);
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("CP-LABELS", "OCPP1.6", csms.Url());
        await client.WaitForProvisioningAsync(id);
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");

        var station = csms["CP-LABELS"];
        for (var i = 0; i < UnknownActions; i++)
        {
            await station.SendAsync($"[2,\"u-{i}\",\"Unknown{i:D4}Action\",{{}}]");
        }

        // Every unknown CALL is answered (NotImplemented) and counted.
        var stats = await Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}/stats")).ReadJsonAsync(),
            s => Entry(s, "other", "csms_to_cp")?["errors"]?.GetValue<long>() == UnknownActions,
            because: "the charger answered every unknown CALL");

        var actions = stats["actions"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(Entry(stats, "other", "csms_to_cp")!["requests"]!.GetValue<long>(), Is.EqualTo(UnknownActions));
            Assert.That(actions.Select(a => a.Str("action")), Has.None.StartsWith("Unknown"));
            Assert.That(actions, Has.Count.LessThanOrEqualTo(20), "the charger's own actions and one other bucket");
        });

        var metrics = await Eventually.UntilAsync(
            () => factory.ClientWithToken(null).GetStringAsync("/metrics"),
            t => t.Contains($"action=\"other\",direction=\"csms_to_cp\",outcome=\"error\"}} {UnknownActions}", StringComparison.Ordinal));
        var labels = ActionLabel().Matches(metrics).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(labels, Has.None.StartsWith("Unknown"), "no series per unknown action");
            Assert.That(labels, Does.Contain("other").And.Contain("BootNotification"));
            Assert.That(labels, Has.Count.LessThanOrEqualTo(20));
            Assert.That(metrics.Length, Is.LessThan(512 * 1024), "the scrape stays small");
        });

        // The frame log still has the real names: it is per charger and bounded by retention.
        await factory.Writer().FlushAsync(CancellationToken.None);
        var logged = (await client.LogsAsync(id, "event=Unknown0042Action"))["data"]!.AsArray();
        Assert.That(logged.Select(e => e.Str("message_type")), Does.Contain("call"));
    }

    private static JsonNode? Entry(JsonNode stats, string action, string direction) =>
        stats["actions"]!.AsArray().FirstOrDefault(a => a.Str("action") == action && a.Str("direction") == direction);

    [GeneratedRegex("^ocpplab_ocpp_(?:frames_total|call_duration_milliseconds_[a-z]+)\\{[^}]*action=\"([^\"]*)\"", RegexOptions.Multiline)]
    private static partial Regex ActionLabel();
}
