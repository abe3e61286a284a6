using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

/// <summary>ChargingLimitSourceEnumType (2.0.1 §3.14).</summary>
internal enum ChargingLimitSourceEnumType
{
    EMS,
    Other,
    SO,
    CSO,
}

internal sealed record GetChargingProfilesRequest(int RequestId, int? EvseId, ChargingProfileCriterionType? ChargingProfile);

/// <summary>ChargingProfileCriterionType (2.0.1 §2.11).</summary>
internal sealed record ChargingProfileCriterionType(
    ChargingProfilePurposeEnumType? ChargingProfilePurpose,
    int? StackLevel,
    IReadOnlyList<int>? ChargingProfileId,
    IReadOnlyList<ChargingLimitSourceEnumType>? ChargingLimitSource);

internal sealed record GetChargingProfilesResponse(string Status);

/// <summary>ReportChargingProfiles (K09), the CALL that delivers the profiles found.</summary>
internal sealed record ReportChargingProfilesRequest(int RequestId, ChargingLimitSourceEnumType ChargingLimitSource, bool Tbc, int EvseId, IReadOnlyList<ChargingProfileType> ChargingProfile);

/// <summary>GetChargingProfiles (K09): the matching profiles, sent afterwards in ReportChargingProfiles.</summary>
internal sealed class GetChargingProfiles : V201CallHandler<GetChargingProfilesRequest, GetChargingProfilesResponse>
{
    private static readonly GetChargingProfilesResponse NoProfiles = new("NoProfiles");

    public override string Action => "GetChargingProfiles";

    protected override CallAnswer<GetChargingProfilesResponse> Handle(V201Protocol protocol, GetChargingProfilesRequest request)
    {
        var criteria = request.ChargingProfile;
        if (criteria?.ChargingLimitSource is { Count: > 0 } sources && !sources.Contains(ChargingLimitSourceEnumType.CSO))
        {
            return NoProfiles;
        }

        var found = protocol.Model.Profiles.Find(
            request.EvseId,
            criteria?.ChargingProfilePurpose is { } purpose ? ChargingProfileType.PurposeOf(purpose) : null,
            criteria?.StackLevel,
            criteria?.ChargingProfileId ?? []);
        if (found.Count == 0)
        {
            return NoProfiles;
        }

        var byEvse = found.GroupBy(p => p.EvseId).ToList();
        var requestId = request.RequestId;
        protocol.Session.AfterReply(() =>
        {
            for (var i = 0; i < byEvse.Count; i++)
            {
                var report = new ReportChargingProfilesRequest(
                    requestId, ChargingLimitSourceEnumType.CSO, i < byEvse.Count - 1, byEvse[i].Key, [.. byEvse[i].Select(ChargingProfileType.Of)]);
                protocol.Session.Enqueue(new OutgoingCall("ReportChargingProfiles", CallPayload.Of(() => report, V201Json.Default.ReportChargingProfilesRequest), CallClass.Requested));
            }
        });
        return new GetChargingProfilesResponse("Accepted");
    }
}
