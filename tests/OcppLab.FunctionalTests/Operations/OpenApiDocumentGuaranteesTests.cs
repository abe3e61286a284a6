using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// What the README promises of the document (issue 10 item 1), checked on the served one: a server,
/// license and contact; a summary and description on every operation; the admin header on every
/// tenant-scoped operation and on no other; 429 with Retry-After; the web server's refusals declared;
/// array query parameters with style and explode; no null inside an enum, and no nullable type array
/// carrying an enum (which would refuse null).
/// </summary>
public sealed class OpenApiDocumentGuaranteesTests : ServedDocumentTests
{
    [Test]
    public void The_document_names_a_server_a_license_and_a_contact()
    {
        Assert.That(Document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()), Does.Contain("http://127.0.0.1:5080"));
        Assert.That(Document["info"]!["license"]!["identifier"], Is.Not.Null);
        Assert.That(Document["info"]!["contact"]!["name"], Is.Not.Null);
    }

    [Test]
    public void Every_operation_declares_what_the_server_really_answers()
    {
        foreach (var (path, method, operation) in Operations())
        {
            var id = operation["operationId"]!.GetValue<string>();
            Assert.That(operation["description"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{id} needs a description");
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "400", "401", "403", "414", "429", "431", "500" })
            {
                Assert.That(responses.ContainsKey(status), $"{id} must declare {status}");
            }

            if (operation["requestBody"] is not null)
            {
                Assert.That(responses.ContainsKey("413") && responses.ContainsKey("415") && responses.ContainsKey("422"), $"{id} has a body: 413, 415, 422");
            }

            Assert.That(responses["429"]!["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>(), Is.EqualTo("integer"), id);
            var header = operation["parameters"]?.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "X-Organization-Id");
            var tenantScoped = !path.StartsWith("/ocpp/catalog", StringComparison.Ordinal) && !path.StartsWith("/ocpp/cluster", StringComparison.Ordinal);
            Assert.That(header is not null, Is.EqualTo(tenantScoped), $"{method} {path}: X-Organization-Id on tenant-scoped routes only");
            if (header is not null)
            {
                Assert.That((header["in"]!.GetValue<string>(), header["required"]?.GetValue<bool>() ?? false), Is.EqualTo(("header", false)), id);
                Assert.That(header["description"]!.GetValue<string>(), Does.Contain("Admin tokens only").And.Contain("403"));
            }

            foreach (var array in operation["parameters"]?.AsArray().Where(p => p!["schema"]?["type"]?.ToJsonString().Contains("array") == true) ?? [])
            {
                Assert.That((array!["style"]?.GetValue<string>(), array["explode"]?.GetValue<bool>()), Is.EqualTo(("form", (bool?)true)), $"{id} {array["name"]}");
            }
        }
    }

    [Test]
    public void No_enum_lists_null_and_no_nullable_type_array_carries_an_enum()
    {
        var offenders = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["enum"] is JsonArray members)
                    {
                        if (members.Any(m => m is null))
                        {
                            offenders.Add($"{path}: null inside an enum");
                        }

                        if (obj["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"))
                        {
                            offenders.Add($"{path}: a nullable type array with an enum refuses null");
                        }
                    }

                    foreach (var (key, value) in obj)
                    {
                        Walk(value, $"{path}.{key}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    break;
            }
        }

        Walk(Document, "$");
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void A_204_declares_no_body()
    {
        var noContent = Operations().Where(o => o.Operation["responses"]?["204"] is not null).ToList();

        Assert.That(noContent, Is.Not.Empty, "the deletes answer 204");
        Assert.That(noContent.Where(o => o.Operation["responses"]!["204"]!["content"] is not null).Select(o => $"{o.Method} {o.Path}"), Is.Empty);
    }

    [Test]
    public void Free_form_payloads_accept_any_member()
    {
        var payload = Document["components"]!["schemas"]!["JsonObject"]!;
        Assert.That(payload["type"]!.GetValue<string>(), Is.EqualTo("object"));
        Assert.That(payload["additionalProperties"], Is.InstanceOf<JsonObject>().And.Property("Count").EqualTo(0), "additionalProperties: {} (any value)");
    }

    private IEnumerable<(string Path, string Method, JsonNode Operation)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!)));
}
