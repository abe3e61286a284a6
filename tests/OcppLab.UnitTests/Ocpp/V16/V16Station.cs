
namespace OcppLab.UnitTests.Ocpp.V16;

/// <summary>What the V16 protocol tests share: a session of the version (<see cref="Station"/> has what every version shares) and the version's usual reads.</summary>
internal static class V16Station
{
    internal static FakeSession Session(IReadOnlyDictionary<string, string>? settings = null, int connectors = 2) =>
        Station.Session(OcppVersion.V16, settings, connectors);

    /// <summary>A remote-started session on the connector with StartTransaction delivered (CSMS transactionId assigned).</summary>
    internal static Transaction Charging(FakeSession session, int connector = 1, string idTag = "TAG-1")
    {
        Assert.That(Station.Status(session.Receive("RemoteStartTransaction", Payloads.Of($$"""{"connectorId":{{connector}},"idTag":"{{idTag}}"}"""))), Is.EqualTo("Accepted"));
        session.Deliver();
        var transaction = session.Model.Connector(connector)!.Transaction;
        Assert.That(transaction?.CsmsTransactionId, Is.Not.Null);
        return transaction!;
    }
}
