using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.UnitTests.Ocpp.Protocol;
using Payloads = OcppLab.UnitTests.Ocpp.Protocol.Json;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16;

/// <summary>OCPP 1.6: what the charge point implements, and NotSupported for the rest.</summary>
public sealed class ImplementedActionsTests
{
    [Test]
    public void The_implemented_actions_are_the_six_feature_profiles()
    {
        var session = Session();
        string[] csmsInitiated =
        [
            "ChangeAvailability", "ChangeConfiguration", "ClearCache", "DataTransfer", "GetConfiguration", "RemoteStartTransaction",
            "RemoteStopTransaction", "Reset", "UnlockConnector", "GetDiagnostics", "UpdateFirmware", "GetLocalListVersion", "SendLocalList",
            "ReserveNow", "CancelReservation", "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule", "TriggerMessage",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(csmsInitiated.Where(a => !session.Protocol.Handles(a)), Is.Empty);
            Assert.That(session.Protocol.Handles("GetLog"), Is.False);
            Assert.That(session.Protocol.Handles("BootNotification"), Is.False, "charge-point-initiated");
            Assert.That(session.Protocol.Handle("ExtendedTriggerMessage", Payloads.Of("""{"requestedMessage":"Heartbeat"}""")).ErrorCode, Is.EqualTo(OcppErrorCodes.NotSupported));
        });
    }
}
