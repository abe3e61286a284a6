using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>§5 unified targets: a location, a subset of it by id or identity, and what cannot be reached.</summary>
public sealed class FanOutCommandTests : CommandTest
{
    [Test]
    public async Task A_location_subset_by_ids_and_identities_acts_on_each_and_lists_every_charger_it_could_not_reach()
    {
        var location = await Client.CreateLocationIdAsync("Fan-out");
        var elsewhere = await Client.CreateLocationIdAsync("Elsewhere");
        var a = await ConnectedChargerAsync(V16, location);
        var b = await ConnectedChargerAsync(V201, location);
        var untouched = await ConnectedChargerAsync(V16, location);
        var stopped = await ConnectedChargerAsync(V201, location);
        var outsider = await ConnectedChargerAsync(V16, elsewhere);
        await StopChargerAsync(Client, stopped);

        var answer = await FanOutAsync(
            "plug-connector",
            new { location_id = location, charger_ids = new[] { a.Id, b.Identity, stopped.Id, outsider.Id, "dep-doesnotexist", a.Id } },
            new { connector_id = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(5), "duplicates count once: " + answer.ToJsonString());
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(2), answer.ToJsonString());
            Assert.That(answer["failed_count"]!.GetValue<int>(), Is.EqualTo(3), answer.ToJsonString());
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(answer["queued_count"]!.GetValue<int>() + answer["failed_count"]!.GetValue<int>()));
        });
        var results = answer["results"]!.AsArray();
        Assert.That(results.Select(r => (r.Str("charger_id"), r.Str("identity"))), Is.EquivalentTo(new[] { (a.Id, a.Identity), (b.Id, b.Identity) }));
        var ids = results.Select(r => r!["command"].Str("id")).ToList();
        Assert.That(ids, Is.All.Match(CommandIdPattern()));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(2), "each queued command has its own id");
        foreach (var result in results)
        {
            var command = result!["command"]!;
            var version = result.Str("charger_id") == a.Id ? "ocpp1.6" : "ocpp2.0.1";
            Assert.Multiple(() =>
            {
                Assert.That(command.Str("event_type"), Is.EqualTo("plug_connector"));
                Assert.That(command.Str("ocpp_version"), Is.EqualTo(version));
                Assert.That(command["payload"]!.ToJsonString(), Is.EqualTo("""{"connector_id":1}"""));
            });
        }

        var failed = answer["failed"]!.AsArray().ToDictionary(f => f.Str("charger_id"), f => f!);
        Assert.That(failed.Keys, Is.EquivalentTo(new[] { stopped.Id, outsider.Id, "dep-doesnotexist" }));
        Assert.Multiple(() =>
        {
            Assert.That(failed[stopped.Id].Str("identity"), Is.EqualTo(stopped.Identity));
            Assert.That(failed[stopped.Id].Str("error"), Does.Contain("stopped").Or.Contain("not connected"));
            Assert.That(failed[outsider.Id].Str("error"), Does.Contain("Not a charger of this location"));
            Assert.That(failed["dep-doesnotexist"].Str("error"), Does.Contain("Not a charger of this location"));
        });

        // Each queued charger acted on it; the others did not.
        await WaitForStatusAsync(a, "Preparing");
        await WaitForStatusFrameAsync(a, "Preparing");
        await WaitForStatusAsync(b, "Occupied");
        await WaitForStatusFrameAsync(b, "Occupied");
        Assert.That(Text(await ConnectorAsync(untouched), "status"), Is.EqualTo("Available"));
        Assert.That(Text(await ConnectorAsync(outsider), "status"), Is.EqualTo("Available"));
        Assert.That((await CallsAsync(outsider, "StatusNotification")).Where(c => IsStatus(outsider, c.Call, "Preparing")), Is.Empty);
    }

    [Test]
    public async Task A_whole_location_includes_every_charger_and_a_stopped_one_lands_in_failed()
    {
        var location = await Client.CreateLocationIdAsync("Whole");
        var chargers = new[] { await ConnectedChargerAsync(V16, location), await ConnectedChargerAsync(V201, location), await ConnectedChargerAsync(V201, location) };
        await StopChargerAsync(Client, chargers[2]);

        var answer = await FanOutAsync("authorize-id-tag", new { location_id = location }, new { id_tag = "TAG-FLEET" });

        Assert.Multiple(() =>
        {
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(3), answer.ToJsonString());
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(answer["failed"]!.AsArray().Select(f => f.Str("charger_id")), Is.EqualTo(new[] { chargers[2].Id }));
            Assert.That(answer["results"]!.AsArray().Select(r => r!["command"]!["payload"]!.ToJsonString()), Is.All.EqualTo("""{"id_tag":"TAG-FLEET"}"""));
        });
        foreach (var charger in chargers[..2])
        {
            var authorize = await WaitForCallAsync(charger, "Authorize");
            Assert.That(charger.Is16 ? authorize.Str("idTag") : authorize.Payload["idToken"]!["idToken"]!.GetValue<string>(), Is.EqualTo("TAG-FLEET"));
        }
    }

    [Test]
    public async Task An_empty_location_targets_nothing()
    {
        var location = await Client.CreateLocationIdAsync("Empty");

        var answer = await FanOutAsync("plug-connector", new { location_id = location });

        Assert.That(answer.ToJsonString(), Is.EqualTo("""{"targeted_count":0,"queued_count":0,"failed_count":0,"results":[],"failed":[]}"""));
    }

    [Test]
    public async Task A_charger_id_target_may_be_the_identity()
    {
        var charger = await ConnectedChargerAsync(V201);

        var answer = await FanOutAsync("plug-connector", new { charger_id = charger.Identity }, charger.Connector());

        Assert.That(answer["results"]![0].Str("charger_id"), Is.EqualTo(charger.Id));
        await WaitForStatusAsync(charger, "Occupied");
    }
}
