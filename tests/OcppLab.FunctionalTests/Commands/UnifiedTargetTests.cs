using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// Issue 10 item 3, over every command that takes the unified target: the resource a target names is
/// looked up like a path parameter on any other route, so an unknown or another tenant's
/// <c>charger_id</c> or <c>location_id</c> is a 404 problem (it used to be a 202 with the charger in
/// <c>failed</c>); only members of a location's <c>charger_ids</c> subset that are not the location's stay
/// in <c>failed</c> of a 202.
/// </summary>
public sealed class UnifiedTargetTests : CommandTest
{
    public static readonly string[] UnifiedCommands =
    [
        "plug-connector", "unplug-connector", "unlock-connector", "authorize-id-tag", "start-transaction", "stop-transaction",
        "start-session", "stop-session", "ev-requests-energy", "ev-stops-energy", "power-update",
    ];

    private static readonly SemaphoreSlim StrangerGate = new(1, 1);
    private static Stranger? _stranger;

    /// <summary>Another tenant with a connected charger and a location, made once for every case.</summary>
    private sealed record Stranger(HttpClient Client, TestCharger Charger, string LocationId);

    private static async Task<Stranger> StrangerAsync()
    {
        await StrangerGate.WaitAsync();
        try
        {
            if (_stranger is null)
            {
                var client = Gateway.ClientFor(GatewayApi.NewOrg("stranger"));
                var location = await client.CreateLocationIdAsync("Theirs");
                var charger = await ConnectedChargerAsync(client, V16, CommandEnvironment.SandboxUrl, location);
                _stranger = new Stranger(client, charger, location);
            }

            return _stranger;
        }
        finally
        {
            StrangerGate.Release();
        }
    }

    /// <summary>A valid event for each command, so that only the target can be wrong.</summary>
    private static JsonObject ValidEvent(string command) => command switch
    {
        "authorize-id-tag" or "start-transaction" or "start-session" => new JsonObject { ["id_tag"] = "TAG-T", ["connector_id"] = 1 },
        "power-update" => new JsonObject { ["power_w"] = 5000, ["connector_id"] = 1 },
        _ => new JsonObject { ["connector_id"] = 1 },
    };

    [TestCaseSource(nameof(UnifiedCommands))]
    public async Task An_unknown_charger_id_is_a_404_by_id_or_identity(string command)
    {
        foreach (var target in new[] { "dep-000000000000", "CP-NOBODY-HERE" })
        {
            var problem = await (await PostCommandAsync(command, new { charger_id = target }, ValidEvent(command))).AssertProblemAsync(404);
            Assert.That(problem.Str("detail"), Does.Contain(target), command);
        }
    }

    [TestCaseSource(nameof(UnifiedCommands))]
    public async Task Another_tenants_charger_is_a_404_by_id_or_identity_and_is_not_touched(string command)
    {
        var stranger = await StrangerAsync();

        foreach (var target in new[] { stranger.Charger.Id, stranger.Charger.Identity })
        {
            await (await PostCommandAsync(command, new { charger_id = target }, ValidEvent(command))).AssertProblemAsync(404);
        }

        // Its owner still reaches it, and nothing was done to it.
        Assert.That(Text(ConnectorOf(await RuntimeAsync(stranger.Client, stranger.Charger), 1), "status"), Is.EqualTo("Available"));
    }

    [TestCaseSource(nameof(UnifiedCommands))]
    public async Task An_unknown_or_another_tenants_location_is_a_404_with_or_without_charger_ids(string command)
    {
        var stranger = await StrangerAsync();

        foreach (var location in new[] { Guid.NewGuid().ToString(), stranger.LocationId })
        {
            await (await PostCommandAsync(command, new { location_id = location }, ValidEvent(command))).AssertProblemAsync(404);
            var problem = await (await PostCommandAsync(command, new { location_id = location, charger_ids = new[] { stranger.Charger.Id } }, ValidEvent(command)))
                .AssertProblemAsync(404);
            Assert.That(problem.Str("detail"), Does.Contain(location), command);
        }
    }

    [TestCaseSource(nameof(UnifiedCommands))]
    public async Task Charger_ids_outside_the_location_stay_in_failed_of_a_202(string command)
    {
        var stranger = await StrangerAsync();
        var location = await Client.CreateLocationIdAsync("Mine");
        var elsewhere = await Client.CreateLocationIdAsync("Elsewhere");
        var mineElsewhere = await Client.CreateChargerAsync(NewIdentity(V16, "ELSE"), V16, GatewayApi.WsUrl, new { location_id = elsewhere });
        var foreign = new[] { stranger.Charger.Id, stranger.Charger.Identity, "dep-000000000000", mineElsewhere };

        var answer = await FanOutAsync(command, new { location_id = location, charger_ids = foreign }, ValidEvent(command));

        Assert.Multiple(() =>
        {
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(4), answer.ToJsonString());
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.Zero, answer.ToJsonString());
            Assert.That(answer["failed_count"]!.GetValue<int>(), Is.EqualTo(4), answer.ToJsonString());
            Assert.That(answer["results"]!.AsArray(), Is.Empty, answer.ToJsonString());
            Assert.That(answer["failed"]!.AsArray().Select(f => f.Str("charger_id")), Is.EquivalentTo(foreign), answer.ToJsonString());
            Assert.That(answer["failed"]!.AsArray().Select(f => f.Str("error")), Is.All.Contain("Not a charger of this location"), answer.ToJsonString());
            Assert.That(answer["failed"]!.AsArray().Select(f => f!["identity"]), Is.All.Null, "nothing of another tenant's charger is revealed");
        });
        Assert.That(Text(ConnectorOf(await RuntimeAsync(stranger.Client, stranger.Charger), 1), "status"), Is.EqualTo("Available"));
    }

    [Test]
    public async Task The_document_declares_the_404_problem_on_every_unified_command()
    {
        var document = await Gateway.ClientWithToken(null).GetJsonAsync("/openapi/v1.json");

        foreach (var command in UnifiedCommands)
        {
            var notFound = document["paths"]![$"/ocpp/commands/{command}"]!["post"]!["responses"]!["404"];
            Assert.That(notFound?["content"]?["application/problem+json"]?["schema"], Is.Not.Null, command);
        }
    }
}
