using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.UnitTests.Ocpp.Protocol;
using Payloads = OcppLab.UnitTests.Ocpp.Protocol.Json;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201;

/// <summary>OCPP 2.0.1: DataTransfer and what the station does not implement.</summary>
public sealed class OtherTests
{
    [Test]
    public void DataTransfer_echoes_for_the_simulator_vendor_only()
    {
        var session = Session();

        var ours = session.Receive("DataTransfer", Payloads.Of("""{"vendorId":"OcppLab","data":{"ping":1}}"""));
        var theirs = session.Receive("DataTransfer", Payloads.Of("""{"vendorId":"Acme"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(ours), Is.EqualTo("Accepted"));
            Assert.That(ours.Result!["data"]!.ToJsonString(), Is.EqualTo("""{"ping":1}"""));
            Assert.That(Status(theirs), Is.EqualTo("UnknownVendorId"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void Unimplemented_actions_are_NotSupported()
    {
        var session = Session();
        string[] implemented =
        [
            "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "Reset", "ClearCache", "GetLocalListVersion", "SendLocalList",
            "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage", "UnlockConnector", "ChangeAvailability",
            "ReserveNow", "CancelReservation", "SetChargingProfile", "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule",
            "UpdateFirmware", "GetLog", "DataTransfer",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(implemented.Where(a => !session.Protocol.Handles(a)), Is.Empty);
            Assert.That(session.Protocol.Handles("SetNetworkProfile"), Is.False);
            Assert.That(session.Protocol.Handles("CostUpdated"), Is.False);
            Assert.That(session.Protocol.Handle("CostUpdated", Payloads.Of("""{"totalCost":1.5,"transactionId":"x"}""")).ErrorCode, Is.EqualTo(OcppErrorCodes.NotSupported));
        });
    }
}
