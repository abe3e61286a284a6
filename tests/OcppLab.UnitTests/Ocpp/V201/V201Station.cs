
namespace OcppLab.UnitTests.Ocpp.V201;

/// <summary>What the V201 protocol tests share: a session of the version (<see cref="Station"/> has what every version shares) and the version's usual reads.</summary>
internal static class V201Station
{
    internal static FakeSession Session(IReadOnlyDictionary<string, string>? settings = null, int connectors = 2) =>
        Station.Session(OcppVersion.V201, settings, connectors);

    internal static JsonObject Start(int evseId, int remoteStartId = 1, string idToken = "TAG-1") => Payloads.Of($$"""
        {"evseId":{{evseId}},"remoteStartId":{{remoteStartId}},"idToken":{"idToken":"{{idToken}}","type":"ISO14443"} }
        """);

    /// <summary>A remote-started transaction on the EVSE with its Started event delivered.</summary>
    internal static Transaction Charging(FakeSession session, int evseId = 1)
    {
        Assert.That(Station.Status(session.Receive("RequestStartTransaction", Start(evseId, remoteStartId: 100 + evseId))), Is.EqualTo("Accepted"));
        session.Deliver();
        return session.Model.Connector(evseId)!.Transaction!;
    }

    internal static IReadOnlyList<SentCall> TransactionEvents(FakeSession session, string transactionId) =>
        session.SentOf("TransactionEvent").Where(s => s.Payload["transactionInfo"].Str("transactionId") == transactionId).ToList();
}
