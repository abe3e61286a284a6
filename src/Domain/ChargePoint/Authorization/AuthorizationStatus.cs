namespace OcppLab.Domain.ChargePoint.Authorization;

/// <summary>
/// The union of 1.6 AuthorizationStatus and 2.0.1 AuthorizationStatusEnumType; each version
/// maps values it lacks (e.g. 2.0.1's NoCredit becomes 1.6 Invalid).
/// </summary>
public enum AuthorizationStatus
{
    Accepted,
    Blocked,
    Expired,
    Invalid,
    ConcurrentTx,
    NoCredit,
    NotAllowedTypeEVSE,
    NotAtThisLocation,
    NotAtThisTime,
    Unknown,
}
