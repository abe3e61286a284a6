using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>§6 health probes and the OpenAPI document: reachable without a token.</summary>
public sealed partial class OperationsTests
{
    private GatewayFactory _factory = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory();
        _anonymous = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        _anonymous.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Health_probes_answer_without_a_token()
    {
        var live = await _anonymous.GetAsync("/health/live");
        var ready = await _anonymous.GetAsync("/health/ready");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await live.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(body.Str("status"), Is.EqualTo("Healthy"));
            Assert.That(body.Str("runtime"), Is.EqualTo("owner"), "the only gateway on its database runs the chargers");
            Assert.That(body.Str("owner"), Is.EqualTo(body.Str("node")));
            Assert.That(body.Str("lease_expires_at"), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task Health_probes_ignore_a_bad_token()
    {
        var client = _factory.ClientWithToken(TestTokens.Expired());

        Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Readiness_fails_when_the_database_is_unreachable()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocpplab-tests", Guid.NewGuid().ToString("N"));
        var path = TestDatabase.IsSqlite ? Path.Combine(folder, "gone.db") : TestDatabase.Create();
        await using (var factory = new GatewayFactory(path))
        {
            var client = factory.CreateClient();
            Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            // The database disappears under the running gateway: its folder, or the PostgreSQL database.
            if (TestDatabase.IsSqlite)
            {
                Directory.Delete(folder, recursive: true);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
            else
            {
                TestDatabase.Delete(path);
            }

            var ready = await client.GetAsync("/health/ready");
            var live = await client.GetAsync("/health/live");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on the database");
        }
    }

    [Test]
    public async Task The_OpenAPI_document_is_served_without_a_token()
    {
        var response = await _anonymous.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(document.Str("openapi"), Does.StartWith("3."));
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/ocpp/chargers", "/ocpp/chargers/{charger_id}", "/ocpp/chargers/{charger_id}/status",
            "/ocpp/locations", "/ocpp/locations/{location_id}", "/ocpp/locations/{location_id}/chargers",
            "/ocpp/locations/{location_id}/chargers/jobs/{job_id}",
            "/ocpp/catalog/brands", "/ocpp/catalog/brands/{brand_slug}/models", "/ocpp/catalog/brands/{brand_slug}/models/{model_slug}",
        }));
    }

    [Test]
    public async Task Every_operation_has_a_unique_snake_case_operation_id()
    {
        var document = JsonNode.Parse(await _anonymous.GetStringAsync("/openapi/v1.json"))!;

        var operationIds = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Select(operation => operation.Value?["operationId"]?.GetValue<string>())
            .ToList();

        Assert.That(operationIds, Is.Not.Empty);
        Assert.That(operationIds, Has.All.Not.Null);
        Assert.That(operationIds, Is.Unique);
        Assert.That(operationIds, Has.All.Match("^[a-z][a-z0-9_]*$"));
    }

    [Test]
    public async Task Every_schema_property_and_parameter_is_snake_case()
    {
        var document = JsonNode.Parse(await _anonymous.GetStringAsync("/openapi/v1.json"))!;

        var properties = new List<string>();
        CollectPropertyNames(document["components"]?["schemas"], properties);
        var parameters = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .SelectMany(operation => operation.Value?["parameters"]?.AsArray() ?? [])
            .Select(p => p.Str("name"))
            .Where(name => name != "X-Organization-Id")
            .ToList();

        Assert.That(properties, Does.Contain("charger_id").And.Contain("ws_url").And.Contain("provisioning_status").And.Contain("restart_required"));
        Assert.That(properties.Where(p => !SnakeCase().IsMatch(p)), Is.Empty);
        Assert.That(parameters, Does.Contain("charger_id").And.Contain("location_id").And.Contain("charger_ids"));
        Assert.That(parameters.Where(p => !SnakeCase().IsMatch(p)), Is.Empty);
    }

    [Test]
    public async Task No_schema_property_exposes_the_authorization_key_in_a_response()
    {
        var document = JsonNode.Parse(await _anonymous.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();

        var responseSchemas = schemas.Where(s => s.Key.EndsWith("Response", StringComparison.Ordinal) || s.Key.Contains("PagedList", StringComparison.Ordinal));

        Assert.That(responseSchemas.Select(s => s.Value!.ToJsonString()), Has.All.Not.Contain("authorization_key"));
    }

    [Test]
    public async Task Every_operation_declares_the_errors_it_can_answer_as_problem_details()
    {
        var document = JsonNode.Parse(await _anonymous.GetStringAsync("/openapi/v1.json"))!;

        var missing = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/ocpp/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => p.Str("name")).ToList();
                var expected = new List<string> { "401", "403", "500" };
                if (operation["requestBody"] is not null)
                {
                    expected.AddRange(["400", "422"]);
                }

                if (path.Contains('{', StringComparison.Ordinal))
                {
                    expected.Add("404");
                }

                if (parameters.Contains("page") || parameters.Contains("limit"))
                {
                    expected.Add("422");
                }

                missing.AddRange(expected.Where(code => !responses.ContainsKey(code)).Select(code => $"{method.ToUpperInvariant()} {path} {code}"));
                missing.AddRange(responses
                    .Where(r => r.Key[0] is '4' or '5' && r.Value?["content"]?["application/problem+json"] is null)
                    .Select(r => $"{method.ToUpperInvariant()} {path} {r.Key} is not application/problem+json"));
            }
        }

        Assert.That(missing, Is.Empty);
        Assert.That(document["paths"]!["/ocpp/chargers"]!["post"]!["responses"]!.AsObject().ContainsKey("409"), Is.True, "duplicate identity");
        Assert.That(document["paths"]!["/ocpp/locations/{location_id}"]!["delete"]!["responses"]!.AsObject().ContainsKey("409"), Is.True, "chargers remain");
    }

    private static void CollectPropertyNames(JsonNode? node, List<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "properties" && value is JsonObject props)
                    {
                        names.AddRange(props.Select(p => p.Key));
                    }

                    CollectPropertyNames(value, names);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectPropertyNames(item, names);
                }

                break;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
