using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>
/// Issue 11 item 3: the authorize → plug → start flow is charging behaviour of the Domain
/// (<see cref="ChargingFlow"/>), tested here without a protocol: the CSMS is a callback.
/// </summary>
public sealed class ChargingFlowTests
{
    private static (bool Started, string? Why, int Asked) Run(ChargePointKit kit, Func<IdTagInfo?>? csms, bool automaticPlug = true)
    {
        var asked = 0;
        (bool, string?) outcome = (false, "not reported");
        ChargingFlow.Begin(
            kit.Model,
            () => kit.Now,
            1,
            "TAG-1",
            "ISO14443",
            csms is null ? null : decide =>
            {
                asked++;
                decide(csms());
            },
            automaticPlug,
            TxTrigger.RemoteStart,
            remoteStartId: 7,
            done: (ok, why) => outcome = (ok, why));
        return (outcome.Item1, outcome.Item2, asked);
    }

    [Test]
    public void Without_the_CSMS_the_car_is_plugged_and_the_transaction_starts()
    {
        var kit = new ChargePointKit();

        var (started, why, asked) = Run(kit, csms: null);

        Assert.Multiple(() =>
        {
            Assert.That(started, Is.True, why);
            Assert.That(asked, Is.Zero);
            Assert.That(kit.Model.Connector(1)!.Transaction?.IdTag, Is.EqualTo("TAG-1"));
            Assert.That(kit.Model.Connector(1)!.CablePlugged, Is.True);
        });
    }

    [Test]
    public void A_tag_the_CSMS_refuses_starts_nothing_and_says_why()
    {
        var kit = new ChargePointKit();

        var (started, why, asked) = Run(kit, () => new IdTagInfo(AuthorizationStatus.Blocked, null, null));

        Assert.Multiple(() =>
        {
            Assert.That(started, Is.False);
            Assert.That(why, Does.Contain("Blocked"));
            Assert.That(asked, Is.EqualTo(1));
            Assert.That(kit.Model.Connector(1)!.Transaction, Is.Null);
        });
    }

    [TestCase("true", true)]
    [TestCase("false", false)]
    public void Without_an_answer_AllowOfflineTxForUnknownId_decides_for_an_unknown_tag(string allowOffline, bool starts)
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["AllowOfflineTxForUnknownId"] = allowOffline });

        var (started, _, _) = Run(kit, () => null);

        Assert.That(started, Is.EqualTo(starts));
    }

    [Test]
    public void Without_automatic_plug_an_accepted_tag_waits_for_the_cable()
    {
        var kit = new ChargePointKit();

        var (started, _, _) = Run(kit, () => new IdTagInfo(AuthorizationStatus.Accepted, null, null), automaticPlug: false);

        Assert.Multiple(() =>
        {
            Assert.That(started, Is.True, "authorized");
            Assert.That(kit.Model.Connector(1)!.Transaction, Is.Null, "no transaction before the cable");
        });
    }
}
