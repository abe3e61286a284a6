using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// Base of the test classes that check the OpenAPI document a running gateway serves
/// (/openapi/v1.json): one gateway and one read of the document for all of the class's tests.
/// </summary>
public abstract class ServedDocumentTests
{
    /// <summary>The gateway that served <see cref="Document"/>, for the tests that also call it.</summary>
    protected GatewayFactory Factory { get; private set; } = null!;

    /// <summary>The served document, read once before the first test.</summary>
    protected JsonNode Document { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task ReadServedDocument()
    {
        Factory = new GatewayFactory();
        Document = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
    }

    [OneTimeTearDown]
    public void StopGateway() => Factory.Dispose();
}
