using System.Diagnostics;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Locations;

/// <summary>§3 /ocpp/locations/{location_id}/chargers: subset listing, bulk create (durable job), job status, bulk delete.</summary>
public sealed class LocationChargersTests : SharedGatewayTests
{
    private static object Template(string prefix, object? extra = null)
    {
        var template = new JsonObject
        {
            ["brand_slug"] = "wallbox",
            ["model_slug"] = "wallbox-pulsar-plus",
            ["connector_type"] = "Type2",
            ["ws_url"] = GatewayApi.WsUrl,
            ["ocpp_version"] = "OCPP2.0.1",
            ["identity_prefix"] = prefix,
            ["template_name"] = "Bay",
        };
        if (extra is not null)
        {
            foreach (var property in System.Text.Json.JsonSerializer.SerializeToNode(extra, GatewayApi.Json)!.AsObject())
            {
                template[property.Key] = property.Value?.DeepClone();
            }
        }

        return template;
    }

    [Test]
    public async Task List_gives_the_locations_chargers_or_the_subset_named_by_repeated_charger_ids()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Subset");
        var a = await client.CreateChargerAsync("CP-SUB-A", extra: new { location_id = location });
        var b = await client.CreateChargerAsync("CP-SUB-B", extra: new { location_id = location });
        var c = await client.CreateChargerAsync("CP-SUB-C", extra: new { location_id = location });
        var elsewhere = await client.CreateChargerAsync("CP-SUB-ELSEWHERE");
        var url = $"/ocpp/locations/{location}/chargers";

        var all = await client.GetJsonAsync(url);
        var subset = await client.GetJsonAsync($"{url}?charger_ids={a}&charger_ids=CP-SUB-C&charger_ids={elsewhere}&charger_ids=nope");
        var paged = await client.GetJsonAsync($"{url}?page=2&limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(all["total"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(all["data"]!.AsArray().Select(x => x.Str("id")), Is.EqualTo(new[] { a, b, c }));
            Assert.That(subset["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(subset["data"]!.AsArray().Select(x => x.Str("id")), Is.EqualTo(new[] { a, c }));
            Assert.That(paged["data"]!.AsArray().Select(x => x.Str("id")), Is.EqualTo(new[] { b }));
            Assert.That(paged["page"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(paged["limit"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(paged["total"]!.GetValue<int>(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task List_of_an_unknown_location_is_a_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        await (await client.GetAsync($"/ocpp/locations/{Guid.NewGuid()}/chargers")).AssertProblemAsync(404);
    }

    [Test]
    public async Task Bulk_create_answers_202_and_the_job_creates_and_provisions_every_charger()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Bulk");

        var response = await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = Template("BULK-"), charger_ids = new[] { "001", "002" }, chargers_number = 3 },
            new { template = Template("SOLO-", new { template_name = (string?)null, brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ocpp_version = "ocpp1.6" }), charger_ids = new[] { "X" } },
        });

        var accepted = await response.ExpectJsonAsync(202);
        var jobId = accepted.Str("job_id");
        var statusUrl = $"/ocpp/locations/{location}/chargers/jobs/{jobId}";
        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(jobId, out _), Is.True);
            Assert.That(accepted.Str("status"), Is.EqualTo("PROVISIONING"));
            Assert.That(accepted.Str("status_url"), Is.EqualTo(statusUrl));
            Assert.That(accepted.Str("workflow_run_id"), Does.StartWith("wfr_"));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(statusUrl));
        });

        var job = await client.WaitForJobAsync(statusUrl);

        Assert.Multiple(() =>
        {
            Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
            Assert.That(job.Str("job_id"), Is.EqualTo(jobId));
            Assert.That(job.Str("job_type"), Is.EqualTo("bulk_create_chargers"));
            Assert.That(job.Str("workflow_run_id"), Is.EqualTo(accepted.Str("workflow_run_id")));
            Assert.That(job["error"], Is.Null);
            Assert.That(job.Str("provisioned_at"), Does.EndWith("Z"));
            Assert.That(job["results"]!["failed"]!.AsArray(), Is.Empty);
        });
        var created = job["results"]!["created"]!.AsArray();
        var identities = created.Select(c => c.Str("identity")).ToList();
        Assert.That(identities, Has.Count.EqualTo(4));
        Assert.That(identities.Take(2).Append(identities[3]), Is.EqualTo(new[] { "BULK-001", "BULK-002", "SOLO-X" }));
        Assert.That(identities[2], Does.Match("^BULK-[0-9A-F]{6}$"), "missing suffixes are random hex");

        var chargers = (await client.GetJsonAsync($"/ocpp/locations/{location}/chargers"))["data"]!.AsArray();
        Assert.That(chargers.Select(c => c.Str("id")), Is.EquivalentTo(created.Select(c => c.Str("charger_id"))));
        var bulk001 = chargers.Single(c => c.Str("identity") == "BULK-001");
        var solo = chargers.Single(c => c.Str("identity") == "SOLO-X");
        Assert.Multiple(() =>
        {
            Assert.That(chargers.Select(c => c.Str("provisioning_status")), Has.All.EqualTo("READY"));
            Assert.That(chargers.Select(c => c.Str("location_id")), Has.All.EqualTo(location));
            Assert.That(bulk001.Str("name"), Is.EqualTo("Bay 001"));
            Assert.That(bulk001.Str("ocpp_version"), Is.EqualTo("OCPP2.0.1"));
            Assert.That(bulk001.Str("model_slug"), Is.EqualTo("wallbox-pulsar-plus"));
            Assert.That(bulk001.Str("vendor_name"), Is.EqualTo("Wallbox"));
            Assert.That(solo.Str("name"), Is.EqualTo("SOLO-X"));
            Assert.That(solo.Str("ocpp_version"), Is.EqualTo("OCPP1.6"));
            Assert.That(solo.Str("connector_type"), Is.EqualTo("CCS2"));
        });
    }

    [Test]
    public async Task Identities_that_already_exist_are_reported_as_failed_and_the_rest_created()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Partly taken");
        var existing = await client.CreateChargerAsync("DUP-001");

        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = Template("DUP-"), charger_ids = new[] { "001", "002" } },
        })).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"));

        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
        Assert.That(job["results"]!["created"]!.AsArray().Select(c => c.Str("identity")), Is.EqualTo(new[] { "DUP-002" }));
        var failed = job["results"]!["failed"]!.AsArray();
        Assert.That(failed.Select(f => f.Str("identity")), Is.EqualTo(new[] { "DUP-001" }));
        Assert.That(failed[0].Str("error"), Is.Not.Empty);
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{existing}")).Str("location_id"), Is.Not.EqualTo(location), "the existing charger is left alone");
    }

    [Test]
    public async Task A_thousand_chargers_in_one_call_are_created_and_provisioned()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Thousand");
        var started = Stopwatch.StartNew();

        var response = await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = Template("K-"), chargers_number = 1000 },
        });
        var accepted = await response.ExpectJsonAsync(202);
        var acceptedAfter = started.Elapsed;
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), TimeSpan.FromSeconds(120));

        TestContext.Out.WriteLine($"1000 chargers: accepted after {acceptedAfter.TotalMilliseconds:0} ms, READY after {started.Elapsed.TotalSeconds:0.0} s");
        Assert.That(acceptedAfter, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
        var created = job["results"]!["created"]!.AsArray();
        Assert.That(created, Has.Count.EqualTo(1000));
        Assert.That(created.Select(c => c.Str("identity")).Distinct().Count(), Is.EqualTo(1000));
        var page = await client.GetJsonAsync($"/ocpp/locations/{location}/chargers?limit=100&page=10");
        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(1000));
        Assert.That(page["data"]!.AsArray(), Has.Count.EqualTo(100));
        var notReady = await Factory.WithDbAsync(db => Task.FromResult(db.Chargers.Count(c =>
            c.LocationId == Guid.Parse(location) && c.ProvisioningStatus != OcppLab.Domain.Chargers.ProvisioningStatus.Ready)));
        Assert.That(notReady, Is.Zero);
    }

    [Test]
    public async Task Job_of_an_unknown_id_or_of_another_location_is_a_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Jobs here");
        var other = await client.CreateLocationIdAsync("Jobs elsewhere");
        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = Template("J-"), chargers_number = 1 },
        })).ExpectJsonAsync(202);
        var jobId = accepted.Str("job_id");

        await client.GetJsonAsync($"/ocpp/locations/{location}/chargers/jobs/{jobId}");
        await (await client.GetAsync($"/ocpp/locations/{location}/chargers/jobs/{Guid.NewGuid()}")).AssertProblemAsync(404);
        await (await client.GetAsync($"/ocpp/locations/{other}/chargers/jobs/{jobId}")).AssertProblemAsync(404);
        await (await client.GetAsync($"/ocpp/locations/{location}/chargers/jobs/not-a-uuid")).AssertProblemAsync(404);
    }

    [Test]
    public async Task Bulk_create_into_an_unknown_location_is_a_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        var response = await client.PostJsonAsync($"/ocpp/locations/{Guid.NewGuid()}/chargers", new object[]
        {
            new { template = Template("U-"), chargers_number = 1 },
        });

        await response.AssertProblemAsync(404);
    }

    [Test]
    public async Task Delete_removes_the_named_chargers_by_id_or_identity_and_reports_the_rest()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Cleanup");
        var a = await client.CreateChargerAsync("CP-DEL-A", extra: new { location_id = location });
        var b = await client.CreateChargerAsync("CP-DEL-B", extra: new { location_id = location });
        var c = await client.CreateChargerAsync("CP-DEL-C", extra: new { location_id = location });
        var elsewhere = await client.CreateChargerAsync("CP-DEL-ELSEWHERE");

        var result = await (await client.DeleteAsync(
            $"/ocpp/locations/{location}/chargers?charger_ids={a}&charger_ids=CP-DEL-B&charger_ids=nope&charger_ids={elsewhere}"))
            .ExpectJsonAsync(200);

        Assert.That(result["deleted"].Strings(), Is.EquivalentTo(new[] { a, b }));
        Assert.That(result["not_found"].Strings(), Is.EquivalentTo(new[] { "nope", elsewhere }));
        await (await client.GetAsync($"/ocpp/chargers/{a}")).AssertProblemAsync(404);
        await (await client.GetAsync($"/ocpp/chargers/{b}")).AssertProblemAsync(404);
        await client.GetJsonAsync($"/ocpp/chargers/{c}");
        await client.GetJsonAsync($"/ocpp/chargers/{elsewhere}");
        var runs = await Factory.WithDbAsync(db => Task.FromResult(db.WorkflowRuns.Count(r => r.SubjectId == a || r.SubjectId == b)));
        Assert.That(runs, Is.Zero);
    }

    [Test]
    public async Task Delete_without_charger_ids_is_a_422()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Nothing named");

        await (await client.DeleteAsync($"/ocpp/locations/{location}/chargers")).AssertValidationAsync("charger_ids");
    }

    [Test]
    public async Task Delete_in_an_unknown_location_is_a_404()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());

        await (await client.DeleteAsync($"/ocpp/locations/{Guid.NewGuid()}/chargers?charger_ids=x")).AssertProblemAsync(404);
    }
}
