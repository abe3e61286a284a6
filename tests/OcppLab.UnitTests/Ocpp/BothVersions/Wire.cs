using SmartCharging16 = OcppLab.UnitTests.Ocpp.V16.SmartCharging.SmartChargingTests;
using SmartCharging201 = OcppLab.UnitTests.Ocpp.V201.SmartCharging.SmartChargingTests;

namespace OcppLab.UnitTests.Ocpp.BothVersions;

/// <summary>
/// The words one OCPP version uses for what 1.6 and 2.0.1 do alike (1.6 connectorId and
/// ChargePoint…, 2.0.1 evseId and ChargingStation…), so that one test runs once per version and
/// each run still sends and reads its own version's wire names, checked against its own schemas.
/// </summary>
internal sealed record Wire(OcppVersion Version)
{
    /// <summary>The cases of a test that runs once per version.</summary>
    public static IEnumerable<TestCaseData> Both() => [new(OcppVersion.V16), new(OcppVersion.V201)];

    public bool Is16 => Version == OcppVersion.V16;

    public FakeSession Session() => Station.Session(Version);

    /// <summary>The field that names a connector (1.6) or an EVSE (2.0.1).</summary>
    public string ConnectorField => Is16 ? "connectorId" : "evseId";

    // ---- smart charging (1.6 SmartCharging profile, 2.0.1 K) -------------------------------------

    /// <summary>The purpose of the profile that caps the whole charger.</summary>
    public string StationMaxPurpose => Is16 ? "ChargePointMaxProfile" : "ChargingStationMaxProfile";

    /// <summary>SetChargingProfile of an absolute profile in amperes: <paramref name="limit"/> from the start, 8 A after 30 minutes.</summary>
    public JsonObject SetProfile(int connector, int id, string purpose, int stackLevel = 0, double limit = 16) =>
        Is16 ? SmartCharging16.SetProfile(connector, id, purpose, stackLevel, limit) : SmartCharging201.Profile(connector, id, purpose, stackLevel, limit);

    public JsonObject ClearById(int id) => Payloads.Of(Is16 ? $$"""{"id":{{id}}}""" : $$"""{"chargingProfileId":{{id}}}""");

    /// <summary>ClearChargingProfile by criteria: the purpose that caps the whole charger (2.0.1 also names EVSE 0).</summary>
    public JsonObject ClearStationMax() => Payloads.Of(Is16
        ? """{"chargingProfilePurpose":"ChargePointMaxProfile"}"""
        : """{"chargingProfileCriteria":{"evseId":0,"chargingProfilePurpose":"ChargingStationMaxProfile"}}""");

    public JsonObject GetCompositeSchedule(int connector, int duration, string? unit = null)
    {
        var payload = new JsonObject { [ConnectorField] = connector, ["duration"] = duration };
        if (unit is not null)
        {
            payload["chargingRateUnit"] = unit;
        }

        return payload;
    }

    /// <summary>The schedule a GetCompositeSchedule answer carries (1.6 chargingSchedule, 2.0.1 schedule).</summary>
    public JsonNode? Schedule(CallReply reply) => reply.Result![Is16 ? "chargingSchedule" : "schedule"];

    /// <summary>The connector (1.6: on the answer) or EVSE (2.0.1: on the schedule) a composite schedule is for.</summary>
    public int? ScheduleConnector(CallReply reply) => Is16 ? reply.Result.Int("connectorId") : Schedule(reply).Int("evseId");

    /// <summary>When a composite schedule starts (1.6: on the answer, 2.0.1: on the schedule).</summary>
    public string? ScheduleStart(CallReply reply) => Is16 ? reply.Result.Str("scheduleStart") : Schedule(reply).Str("scheduleStart");
}
