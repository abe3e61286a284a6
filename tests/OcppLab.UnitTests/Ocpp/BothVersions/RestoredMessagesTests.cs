using System.Text.Json.Nodes;

namespace OcppLab.UnitTests.Ocpp.BothVersions;

/// <summary>
/// A transaction message stored with the live state and sent again after a restart (ADR 10): what
/// its answer means is the version's to say, so the session names no message of either (issue 11 item 2).
/// </summary>
public sealed class RestoredMessagesTests
{
    [Test]
    public void A_1_6_StartTransaction_answered_after_a_restart_gives_the_transaction_its_id_and_completes_the_stored_messages_made_without_it()
    {
        var session = Station.Session(OcppVersion.V16);
        var transaction = V16.V16Station.Charging(session);
        transaction.CsmsTransactionId = null;
        var stop = new JsonObject { ["transactionId"] = -1, ["meterStop"] = 10 };
        var other = new JsonObject { ["transactionId"] = 5 };

        session.Protocol.RestoredAnswered(
            "StartTransaction", new JsonObject(), session.Model.Connector(1), transaction,
            new JsonObject { ["transactionId"] = 4711, ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } },
            [stop, other]);

        Assert.Multiple(() =>
        {
            Assert.That(transaction.CsmsTransactionId, Is.EqualTo(4711));
            Assert.That(stop["transactionId"]!.GetValue<int>(), Is.EqualTo(4711), "1.6 errata: a message made before the id was known carries -1 until then");
            Assert.That(other["transactionId"]!.GetValue<int>(), Is.EqualTo(5), "only the -1 placeholders change");
            Assert.That(session.Protocol.EndsTransaction("StopTransaction", stop), Is.True);
            Assert.That(session.Protocol.EndsTransaction("MeterValues", stop), Is.False);
        });
    }

    [Test]
    public void A_1_6_start_that_was_blocked_stops_its_transaction_and_a_given_up_start_leaves_the_errata_id()
    {
        var session = Station.Session(OcppVersion.V16);
        var transaction = V16.V16Station.Charging(session);

        session.Protocol.RestoredAnswered(
            "StartTransaction", new JsonObject(), session.Model.Connector(1), transaction,
            new JsonObject { ["transactionId"] = 9, ["idTagInfo"] = new JsonObject { ["status"] = "Blocked" } },
            []);
        session.Drain();

        var given = V16.V16Station.Charging(session, connector: 2);
        given.CsmsTransactionId = null;
        session.Protocol.RestoredFailed("StartTransaction", given);

        Assert.Multiple(() =>
        {
            Assert.That(session.Model.Connector(1)!.Transaction, Is.Null, "a refused tag ends the transaction (StopTransactionOnInvalidId)");
            Assert.That(given.CsmsTransactionId, Is.EqualTo(-1));
        });
    }

    [Test]
    public void A_2_0_1_Started_event_answered_after_a_restart_applies_the_token_status_and_only_Ended_ends()
    {
        var session = Station.Session(OcppVersion.V201);
        var transaction = V201.V201Station.Charging(session);
        var started = new JsonObject { ["eventType"] = "Started" };

        session.Protocol.RestoredAnswered(
            "TransactionEvent", started, session.Model.Connector(1), transaction,
            new JsonObject { ["idTokenInfo"] = new JsonObject { ["status"] = "Invalid" } },
            []);
        session.Drain();

        Assert.Multiple(() =>
        {
            Assert.That(transaction.IsActive, Is.False, "an Invalid token ends the transaction (StopTxOnInvalidId)");
            Assert.That(session.Protocol.EndsTransaction("TransactionEvent", new JsonObject { ["eventType"] = "Ended" }), Is.True);
            Assert.That(session.Protocol.EndsTransaction("TransactionEvent", started), Is.False);
            Assert.That(session.Protocol.EndsTransaction("StopTransaction", new JsonObject()), Is.False, "not a 2.0.1 message");
        });
    }
}
