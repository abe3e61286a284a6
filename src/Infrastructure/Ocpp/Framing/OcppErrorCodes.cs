using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Framing;

/// <summary>CALLERROR codes, spelled as the negotiated version spells them (1.6 keeps its typos).</summary>
public static class OcppErrorCodes
{
    public const string NotImplemented = "NotImplemented";
    public const string NotSupported = "NotSupported";
    public const string InternalError = "InternalError";
    public const string ProtocolError = "ProtocolError";
    public const string SecurityError = "SecurityError";
    public const string PropertyConstraintViolation = "PropertyConstraintViolation";
    public const string TypeConstraintViolation = "TypeConstraintViolation";
    public const string GenericError = "GenericError";
    public const string MessageTypeNotSupported = "MessageTypeNotSupported";
    public const string RpcFrameworkError = "RpcFrameworkError";

    public static string FormatViolation(OcppVersion version) =>
        version == OcppVersion.V16 ? "FormationViolation" : "FormatViolation";

    public static string OccurrenceConstraintViolation(OcppVersion version) =>
        version == OcppVersion.V16 ? "OccurenceConstraintViolation" : "OccurrenceConstraintViolation";
}
