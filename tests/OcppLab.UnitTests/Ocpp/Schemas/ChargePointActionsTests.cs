using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Schemas;

/// <summary>The actions a charge point may send (the proxy's allow-list) against the official schemas.</summary>
public sealed class ChargePointActionsTests
{
    [TestCase(OcppVersion.V16, 14)]
    [TestCase(OcppVersion.V201, 25)]
    public void Every_charge_point_action_has_a_schema_and_the_rest_of_the_catalog_is_the_CSMS_side(OcppVersion version, int count)
    {
        var actions = OcppSchemaCatalog.Embedded.Actions(version);

        var ours = actions.Where(a => ChargePointActions.Contains(version, a)).ToList();

        Assert.That(ours, Has.Count.EqualTo(count), "every listed action exists in the catalog, spelled as there");
        Assert.That(ours, Does.Contain("Heartbeat").And.Contain("DataTransfer").And.Contain("StatusNotification"));
    }

    [TestCase(OcppVersion.V16, "RemoteStartTransaction")]
    [TestCase(OcppVersion.V16, "GetConfiguration")]
    [TestCase(OcppVersion.V16, "TransactionEvent")]
    [TestCase(OcppVersion.V201, "RequestStartTransaction")]
    [TestCase(OcppVersion.V201, "SetVariables")]
    [TestCase(OcppVersion.V201, "StartTransaction")]
    public void A_CSMS_initiated_or_foreign_action_is_not_one(OcppVersion version, string action) =>
        Assert.That(ChargePointActions.Contains(version, action), Is.False);
}
