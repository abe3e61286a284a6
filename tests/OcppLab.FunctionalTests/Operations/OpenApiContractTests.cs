using System.Diagnostics;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The contract guard: the document the gateway serves must equal the committed
/// docs/openapi/openapi.json (the build rewrites that file; committing it is the deliberate,
/// reviewed step). Compared with the version in git's index, so an API change whose document was
/// not staged or committed fails here.
/// </summary>
public sealed class OpenApiContractTests
{
    private const string SnapshotPath = "docs/openapi/openapi.json";
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void SetUp() => _factory = new GatewayFactory();

    [OneTimeTearDown]
    public void TearDown() => _factory.Dispose();

    [Test]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = JsonNode.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(CommittedSnapshot());

        Assert.That(
            JsonNode.DeepEquals(served, committed),
            Is.True,
            $"The OpenAPI contract changed: review {SnapshotPath} (rewritten by `dotnet build src/Api`) and commit it.");
    }

    [Test]
    public async Task Every_operation_has_an_id_a_summary_an_example_body_and_declares_its_errors()
    {
        var document = JsonNode.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var ids = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]?.GetValue<string>();
                Assert.That(id, Does.Match("^[a-z_]+$"), $"{method} {path} needs a readable operationId");
                ids.Add(id!);
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Empty, $"{id} needs a summary");
                var responses = operation["responses"]!.AsObject();
                foreach (var status in new[] { "401", "403", "429", "500" })
                {
                    Assert.That(responses.ContainsKey(status), $"{id} must declare {status}");
                    Assert.That(
                        responses[status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>(),
                        Does.EndWith("ProblemDetails"));
                }

                if (operation["requestBody"] is not null)
                {
                    Assert.That(responses.ContainsKey("400") && responses.ContainsKey("422"), $"{id} has a body: it must declare 400 and 422");
                    Assert.That(
                        operation["requestBody"]!["content"]?["application/json"]?["example"],
                        Is.Not.Null,
                        $"{id} has a JSON body: it needs a request example (Api/OpenApi/Examples.cs)");
                }
            }
        }

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Does.Contain("chargers_create").And.Contain("chargers_list_logs").And.Contain("chargers_get_stats"));
        Assert.That(document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
        Assert.That(document["paths"]!["/ocpp/commands/proxy-message"]!["post"]!["responses"]!.AsObject().ContainsKey("504"));
        Assert.That(document["paths"]!["/ocpp/chargers"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"], Is.Not.Null);
    }

    private static string CommittedSnapshot()
    {
        var root = RepositoryRoot();
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"show :{SnapshotPath}")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var text = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode == 0)
            {
                return text;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: the file on disk is all there is.
        }

        return File.ReadAllText(Path.Combine(root, SnapshotPath));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OcppLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OcppLab.sln not found above the test assembly.");
    }
}
